using Microsoft.Extensions.Options;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Observability;
using SdSupervised.Supervisor.Outputs;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Jobs.Kinds;

/// <summary>An image generation (text2img, img2img, inpainting, ControlNet): load the model if the worker does not hold it, generate, store the images.</summary>
public sealed class ImageJobRunner(
    JobInputs inputs,
    ModelAttemptPreparation preparation,
    IOutputStore outputs,
    Events.IJobEvents events,
    IOptions<SupervisorOptions> options,
    TimeProvider time,
    ILogger<ImageJobRunner> logger) : JobKindRunner<GenerationParameters>
{
    protected override async Task<KindOutcome> RunAsync(KindAttempt attempt, GenerationParameters p, CancellationToken cancellationToken)
    {
        var (active, lease, job) = (attempt.Active, attempt.Lease, attempt.Job);
        var (loadSpec, generationSpec, failure) = await preparation.PrepareAsync(attempt, p.Model,
            (resolved, ct) => inputs.WithCompanionsAsync(resolved, p, ct), ct => inputs.BuildSpecAsync(job, ct), cancellationToken);
        if (failure is not null)
            return failure;

        lease.Generating();
        attempt.Watchdog.Start(TimeSpan.FromSeconds(options.Value.Resilience.StallTimeoutSeconds), "generating");
        GenerationResult result;
        using (var span = SdsTracing.StartStage("generate"))
        {
            span?.SetTag("sds.model", loadSpec!.ModelId);
            result = await lease.Worker.Rpc.GenerateImageAsync(generationSpec! with { Trace = SdsTracing.Propagate() }, new ProgressReporter(active, attempt.Watchdog, events), cancellationToken);
            SdsTracing.SetOutcome(span, result.Success && result.Images.Length > 0, result.Error);
        }
        attempt.Watchdog.Stop();
        active.Clock!.EngineSeconds = result.GenerationSeconds;
        if (!result.Success || result.Images.Length == 0)
            return KindOutcome.Failed(new WorkerFailure(FailureKind.GenerationFailed, result.Error ?? "the engine returned no image"), served: true);
        // Read before the worker is freed: a recycle is decided as it is released.
        lease.ReportDeviceMemory(result.DeviceMemoryUsedBytes);
        // The worker is free now; encoding and storing the outputs is our work, so let it take the next job.
        await attempt.FreeWorkerAsync();

        var started = time.GetTimestamp();
        // Encode the batch's images in parallel: PNG compression is the largest cost after generation.
        JobOutput[] saved;
        using (var span = SdsTracing.StartStage("encode_outputs"))
        {
            span?.SetTag("sds.images", result.Images.Length);
            saved = await Task.WhenAll(result.Images.Select((image, i) => Task.Run(() =>
                outputs.SaveAsync(job.Id, i, image, InfotextFormatter.Format(p, image.Seed), CancellationToken.None))));
        }
        var savedAt = time.GetTimestamp();
        active.Clock!.EncodeSeconds = time.GetElapsedTime(started, savedAt).TotalSeconds;
        return KindOutcome.Completed(saved, done =>
            logger.LogInformation("Job {JobId} completed: {ImageCount} image(s), engine time {EngineSeconds:0.000} s, saved in {SaveMs:0.0} ms, stored in {StoreMs:0.0} ms",
                done.Id, saved.Length, result.GenerationSeconds, time.GetElapsedTime(started, savedAt).TotalMilliseconds, time.GetElapsedTime(savedAt).TotalMilliseconds));
    }
}
