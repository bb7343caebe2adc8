using Microsoft.Extensions.Options;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Observability;
using SdSupervised.Supervisor.Outputs;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// The video part of an attempt, called by <see cref="JobRunner"/>'s dispatch: load the Wan model (with its Wan 2.2
/// high-noise partner) if the worker does not hold it, generate the frames with progress and a stall watchdog, and
/// encode them. Crashes, hangs and cancels leave as exceptions, so <see cref="JobRunner"/> handles them like an image's.
/// </summary>
public sealed class VideoJobRunner(
    IModelResolver models,
    ModelCatalog catalog,
    JobInputs inputs,
    VideoOutputWriter writer,
    LeaseModelLoader loader,
    Events.IJobEvents events,
    IOptions<SupervisorOptions> options,
    ILogger<VideoJobRunner> logger)
{
    /// <summary>The frames, or why the attempt failed cleanly (<paramref name="Served"/>: the worker answered and lives on).</summary>
    public sealed record Outcome(VideoResult? Result, WorkerFailure? Failure, bool Served);

    public async Task<Outcome> GenerateAsync(ActiveJob active, WorkerLease lease, ProgressWatchdog watchdog, CancellationToken cancellationToken)
    {
        var job = active.Job;
        var p = job.Video ?? throw new InvalidOperationException($"video job {job.Id} has no video parameters");
        var resolution = await models.ResolveAsync(p.Model, cancellationToken);
        if (resolution.Spec is not { } resolved)
            return new Outcome(null, new WorkerFailure(FailureKind.ModelLoadFailure, resolution.Error ?? "the model could not be resolved"), false);
        if (p.HighNoiseModel is { } high)
        {
            if (catalog.Current.ById(high) is not { } partner)
                return new Outcome(null, new WorkerFailure(FailureKind.ModelLoadFailure, $"the Wan 2.2 high-noise model '{high}' is no longer in the catalog"), false);
            resolved = resolved with { HighNoiseDiffusionModelPath = partner.FullPath, ModelId = $"{resolved.ModelId}+high:{high}" };
        }
        var (loadSpec, loadError) = await inputs.WithVaeAsync(resolved, p.Vae, cancellationToken);
        if (loadError is not null)
            return new Outcome(null, loadError, false);
        var (spec, specError) = await inputs.BuildVideoSpecAsync(job, cancellationToken);
        if (specError is not null)
            return new Outcome(null, specError, false);

        if (await loader.EnsureLoadedAsync(active, lease, loadSpec!, watchdog, cancellationToken) is { } loadFailure)
            return new Outcome(null, loadFailure, true);

        lease.Generating();
        watchdog.Start(TimeSpan.FromSeconds(options.Value.Resilience.StallTimeoutSeconds), "generating the video");
        VideoResult result;
        using (var span = SdsTracing.StartStage("generate_video"))
        {
            span?.SetTag("sds.model", loadSpec!.ModelId);
            span?.SetTag("sds.video_frames", spec!.VideoFrames);
            result = await lease.Worker.Rpc.GenerateVideoAsync(spec! with { Trace = SdsTracing.Propagate() }, new ProgressReporter(active, watchdog, events), cancellationToken);
        }
        watchdog.Stop();
        active.Clock!.EngineSeconds = result.GenerationSeconds;
        if (!result.Success || result.Frames.Length == 0)
            return new Outcome(null, new WorkerFailure(FailureKind.GenerationFailed, result.Error ?? "the engine returned no frames"), true);
        lease.ReportDeviceMemory(result.DeviceMemoryUsedBytes);
        return new Outcome(result, null, true);
    }

    /// <summary>Encodes the frames into the job's outputs; a <see cref="VideoEncodingException"/> says why it could not.</summary>
    public async Task<IReadOnlyList<JobOutput>> SaveAsync(Job job, VideoResult result, CancellationToken cancellationToken)
    {
        var p = job.Video!;
        using var span = SdsTracing.StartStage("encode_outputs");
        span?.SetTag("sds.video_frames", result.Frames.Length);
        var saved = await writer.SaveAsync(job.Id, result with { Fps = result.Fps > 0 ? result.Fps : p.Fps }, p.Seed, Infotext(p), cancellationToken);
        logger.LogInformation("Job {JobId} encoded {FrameCount} frames at {Fps} fps into {Output}", job.Id, result.Frames.Length, p.Fps, VideoOutputWriter.VideoFile);
        return saved;
    }

    private static string Infotext(VideoParameters p) =>
        $"{p.Prompt}\nNegative prompt: {p.NegativePrompt}\nSteps: {p.Steps}, CFG scale: {p.CfgScale}, Seed: {p.Seed}, Size: {p.Width}x{p.Height}, "
        + $"Model: {p.Model}{(p.HighNoiseModel is null ? "" : $", High-noise model: {p.HighNoiseModel}")}, Frames: {p.VideoFrames}, FPS: {p.Fps}";
}
