using SdSupervised.Contracts;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Jobs;

public sealed partial class JobInputs
{
    /// <summary>A video job's worker call: its first/last frames read back, its LoRAs resolved to paths now.</summary>
    public async Task<(VideoGenerationSpec? Spec, WorkerFailure? Error)> BuildVideoSpecAsync(Job job, CancellationToken cancellationToken)
    {
        var p = job.RequestAs<VideoParameters>();
        FaultSpec? fault = null;
        if (p.Fault is { } name && FaultNames.All.TryGetValue(name, out var kind) && (p.FaultAttempts is null || job.Attempts <= p.FaultAttempts))
            fault = new FaultSpec { Kind = kind, Step = p.FaultStep };
        var (init, initError) = await RawAsync(job.Id, p.InitImage, 3, cancellationToken);
        var (end, endError) = await RawAsync(job.Id, p.EndImage, 3, cancellationToken);
        if ((initError ?? endError) is { } imageError)
            return (null, Unreadable(imageError));
        var loras = new List<LoraSpec>();
        foreach (var (lora, high) in p.Loras.Select(l => (l, false)).Concat(p.HighNoiseLoras.Select(l => (l, true))))
        {
            var (path, error) = await companions.PathOfAsync(lora.Name, CompanionUse.Lora, cancellationToken);
            if (error is not null)
                return (null, Missing(error));
            loras.Add(new LoraSpec { Path = path!, Multiplier = lora.Weight, IsHighNoise = high });
        }
        return (new VideoGenerationSpec
        {
            JobId = job.Id,
            Attempt = job.Attempts,
            Prompt = p.Prompt,
            NegativePrompt = p.NegativePrompt,
            Width = p.Width,
            Height = p.Height,
            VideoFrames = p.VideoFrames,
            Fps = p.Fps,
            Steps = p.Steps,
            CfgScale = p.CfgScale,
            SamplingMethod = p.SamplingMethod,
            Scheduler = p.Scheduler,
            FlowShift = p.FlowShift,
            Seed = p.Seed,
            InitImage = init,
            EndImage = end,
            Strength = init is null ? null : p.Strength,
            Loras = [.. loras],
            HighNoise = p.HighNoise is { } h
                ? new VideoHighNoiseSpec { Steps = h.Steps, CfgScale = h.CfgScale, SamplingMethod = h.SamplingMethod, Scheduler = h.Scheduler, FlowShift = h.FlowShift }
                : null,
            Fault = fault,
            PreviewEverySteps = options.Value.Previews.Enabled ? options.Value.Previews.EverySteps : null,
        }, null);
    }
}
