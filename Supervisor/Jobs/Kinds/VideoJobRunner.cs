using Microsoft.Extensions.Options;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Observability;
using SdSupervised.Supervisor.Outputs;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Jobs.Kinds;

/// <summary>
/// A Wan video: load the model (with its Wan 2.2 high-noise partner) if the worker does not hold it, generate the
/// frames with progress and a stall watchdog, free the worker, then encode the frames with ffmpeg.
/// </summary>
public sealed class VideoJobRunner(
    ModelCatalog catalog,
    JobInputs inputs,
    VideoOutputWriter writer,
    ModelAttemptPreparation preparation,
    Events.IJobEvents events,
    IOptions<SupervisorOptions> options,
    TimeProvider time,
    ILogger<VideoJobRunner> logger) : JobKindRunner<VideoParameters>
{
    protected override async Task<KindOutcome> RunAsync(KindAttempt attempt, VideoParameters p, CancellationToken cancellationToken)
    {
        var (active, lease, job) = (attempt.Active, attempt.Lease, attempt.Job);
        var (loadSpec, spec, failure) = await preparation.PrepareAsync(attempt, p.Model,
            (resolved, ct) => WithPartnerAndVaeAsync(resolved, p, ct), ct => inputs.BuildVideoSpecAsync(job, ct), cancellationToken);
        if (failure is not null)
            return failure;

        lease.Generating();
        attempt.Watchdog.Start(TimeSpan.FromSeconds(options.Value.Resilience.StallTimeoutSeconds), "generating the video");
        VideoResult result;
        using (var span = SdsTracing.StartStage("generate_video"))
        {
            span?.SetTag("sds.model", loadSpec!.ModelId);
            span?.SetTag("sds.video_frames", spec!.VideoFrames);
            result = await lease.Worker.Rpc.GenerateVideoAsync(spec! with { Trace = SdsTracing.Propagate() }, new ProgressReporter(active, attempt.Watchdog, events), cancellationToken);
            SdsTracing.SetOutcome(span, result.Success && result.Frames.Length > 0, result.Error);
        }
        attempt.Watchdog.Stop();
        active.Clock!.EngineSeconds = result.GenerationSeconds;
        if (!result.Success || result.Frames.Length == 0)
            return KindOutcome.Failed(new WorkerFailure(FailureKind.GenerationFailed, result.Error ?? "the engine returned no frames"), served: true);
        lease.ReportDeviceMemory(result.DeviceMemoryUsedBytes);
        await attempt.FreeWorkerAsync();

        var encoding = time.GetTimestamp();
        IReadOnlyList<JobOutput> saved;
        try
        {
            saved = await SaveAsync(job, p, result, CancellationToken.None);
        }
        catch (VideoEncodingException ex)
        {
            // ffmpeg went away after submit (submit refuses video jobs without it): say so in the error, which GET /api/system explains.
            var missing = ex.Message.StartsWith("video encoding is unavailable", StringComparison.Ordinal);
            return KindOutcome.Failed(new WorkerFailure(FailureKind.GenerationFailed, missing ? $"video_encoder_missing: {ex.Message}" : $"video encoding failed: {ex.Message}"), served: true);
        }
        active.Clock!.EncodeSeconds = time.GetElapsedTime(encoding).TotalSeconds;
        return KindOutcome.Completed(saved, done =>
            logger.LogInformation("Job {JobId} completed: video of {FrameCount} frames, engine time {EngineSeconds:0.000} s",
                done.Id, result.Frames.Length, result.GenerationSeconds));
    }

    /// <summary>A Wan 2.2 pair loads its high-noise expert beside the model (part of the loaded-model key), then the job's VAE override.</summary>
    private async Task<(ModelLoadSpec? Spec, WorkerFailure? Error)> WithPartnerAndVaeAsync(ModelLoadSpec resolved, VideoParameters p, CancellationToken cancellationToken)
    {
        if (p.HighNoiseModel is { } high)
        {
            if (catalog.Current.ById(high) is not { } partner)
                return (null, new WorkerFailure(FailureKind.ModelLoadFailure, $"the Wan 2.2 high-noise model '{high}' is no longer in the catalog"));
            resolved = resolved with { HighNoiseDiffusionModelPath = partner.FullPath, ModelId = $"{resolved.ModelId}+high:{high}" };
        }
        return await inputs.WithVaeAsync(resolved, p.Vae, cancellationToken);
    }

    /// <summary>Encodes the frames into the job's outputs; a <see cref="VideoEncodingException"/> says why it could not.</summary>
    private async Task<IReadOnlyList<JobOutput>> SaveAsync(Job job, VideoParameters p, VideoResult result, CancellationToken cancellationToken)
    {
        using var span = SdsTracing.StartStage("encode_outputs");
        span?.SetTag("sds.video_frames", result.Frames.Length);
        var saved = await writer.SaveAsync(job.Id, result with { Fps = result.Fps > 0 ? result.Fps : p.Fps }, p.Seed, Infotext(p), cancellationToken);
        logger.LogInformation("Job {JobId} encoded {FrameCount} frames at {Fps} fps into {Output}", job.Id, result.Frames.Length, p.Fps, saved[0].Filename);
        return saved;
    }

    private static string Infotext(VideoParameters p) =>
        $"{p.Prompt}\nNegative prompt: {p.NegativePrompt}\nSteps: {p.Steps}, CFG scale: {p.CfgScale}, Seed: {p.Seed}, Size: {p.Width}x{p.Height}, "
        + $"Model: {p.Model}{(p.HighNoiseModel is null ? "" : $", High-noise model: {p.HighNoiseModel}")}, Frames: {p.VideoFrames}, FPS: {p.Fps}";
}
