using Microsoft.Extensions.Options;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Observability;
using SdSupervised.Supervisor.Outputs;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Jobs.Kinds;

/// <summary>
/// An ESRGAN upscale needs no generation model: the worker keeps its upscaler per model path. A clean failure fails
/// the job and keeps the worker.
/// </summary>
public sealed class UpscaleJobRunner(
    JobInputs inputs,
    IOutputStore outputs,
    Events.IJobEvents events,
    IOptions<SupervisorOptions> options,
    TimeProvider time,
    ILogger<UpscaleJobRunner> logger) : JobKindRunner<UpscaleParameters>
{
    protected override async Task<KindOutcome> RunAsync(KindAttempt attempt, UpscaleParameters p, CancellationToken cancellationToken)
    {
        var (active, lease, job) = (attempt.Active, attempt.Lease, attempt.Job);
        var (spec, error) = await SupervisorIo.OwnAsync(() => inputs.BuildUpscaleSpecAsync(job, cancellationToken), $"reading inputs/{job.Id}");
        if (spec is null)
            return KindOutcome.Failed(error!, served: false);
        lease.Generating();
        var r = options.Value.Resilience;
        // Loading the ESRGAN weights is part of the call: allow the model-load timeout until progress starts.
        attempt.Watchdog.Start(TimeSpan.FromSeconds(Math.Max(r.StallTimeoutSeconds, r.ModelLoadTimeoutSeconds)), "upscaling");
        UpscaleResult result;
        using (var span = SdsTracing.StartStage("upscale"))
        {
            result = await lease.Worker.Rpc.UpscaleAsync(spec with { Trace = SdsTracing.Propagate() }, new ProgressReporter(active, attempt.Watchdog, events), cancellationToken);
            SdsTracing.SetOutcome(span, result.Success && result.Image is not null, result.Error);
        }
        attempt.Watchdog.Stop();
        active.Clock!.EngineSeconds = result.Seconds;
        if (!result.Success || result.Image is not { } image)
            return KindOutcome.Failed(new WorkerFailure(FailureKind.GenerationFailed, $"upscale failed: {result.Error ?? "the engine returned no image"}"), served: true);
        await attempt.FreeWorkerAsync();

        var infotext = $"Upscaled {p.SourceWidth}x{p.SourceHeight} to {image.Width}x{image.Height}, Upscaler: {p.EsrganModel ?? "synthetic"}";
        var encoding = time.GetTimestamp();
        JobOutput saved;
        using (var span = SdsTracing.StartStage("encode_outputs"))
        {
            span?.SetTag("sds.images", 1);
            saved = await outputs.SaveAsync(job.Id, 0, image, infotext, CancellationToken.None);
        }
        active.Clock!.EncodeSeconds = time.GetElapsedTime(encoding).TotalSeconds;
        return KindOutcome.Completed([saved], done =>
            logger.LogInformation("Job {JobId} completed: upscaled {SourceWidth}x{SourceHeight} to {Width}x{Height} in {Seconds:0.00} s",
                done.Id, p.SourceWidth, p.SourceHeight, image.Width, image.Height, result.Seconds));
    }
}
