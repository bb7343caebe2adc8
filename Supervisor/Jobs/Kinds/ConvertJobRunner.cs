using Microsoft.Extensions.Options;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Observability;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Jobs.Kinds;

/// <summary>
/// A conversion needs no model loaded: the worker reads the input file itself and writes a partial file that is
/// moved into the models directory only on success. A clean failure fails the job and keeps the worker.
/// </summary>
public sealed class ConvertJobRunner(
    ModelCatalog catalog,
    Events.IJobEvents events,
    IOptions<SupervisorOptions> options,
    ILogger<ConvertJobRunner> logger) : JobKindRunner<ConvertParameters>
{
    protected override async Task<KindOutcome> RunAsync(KindAttempt attempt, ConvertParameters p, CancellationToken cancellationToken)
    {
        var (active, lease, job) = (attempt.Active, attempt.Lease, attempt.Job);
        var output = Path.Combine(catalog.Root, p.Output);
        // Checked at submit too; a file that appeared while the job waited must not be overwritten.
        if (File.Exists(output) || new FileInfo(output).LinkTarget is not null)
            return Refused($"conversion refused: '{p.Output}' already exists in the models directory");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Refused($"conversion refused: cannot create the folder of '{p.Output}': {ex.Message}");
        }
        // The library writes straight to its output path, so a crash mid-way would leave a truncated model the
        // catalog lists. Convert into a job-specific partial file (not a model extension, so never scanned) and
        // move it into place only on success; a retry first clears what a crashed attempt left.
        var partial = $"{output}.partial-{job.Id}";
        TryDelete(partial);
        var spec = new ConvertSpec
        {
            JobId = job.Id,
            InputPath = Path.Combine(catalog.Root, p.Input),
            OutputPath = partial,
            OutputType = p.OutputType,
            VaePath = p.Vae is null ? null : Path.Combine(catalog.Root, p.Vae),
        };
        lease.Generating();
        // Quantizing a large model is long and reports progress per tensor at best: allow the model-load timeout too.
        var r = options.Value.Resilience;
        attempt.Watchdog.Start(TimeSpan.FromSeconds(Math.Max(r.StallTimeoutSeconds, r.ModelLoadTimeoutSeconds)), "converting");
        ConvertResult result;
        using (var span = SdsTracing.StartStage("convert"))
        {
            span?.SetTag("sds.output_type", p.OutputType);
            result = await lease.Worker.Rpc.ConvertAsync(spec with { Trace = SdsTracing.Propagate() }, new ProgressReporter(active, attempt.Watchdog, events), cancellationToken);
            SdsTracing.SetOutcome(span, result.Success, result.Error);
        }
        attempt.Watchdog.Stop();
        active.Clock!.EngineSeconds = result.Seconds;
        if (!result.Success)
        {
            TryDelete(partial);
            return Failed($"conversion failed: {result.Error ?? "the engine gave no reason"}");
        }
        try
        {
            File.Move(partial, output, overwrite: false);
        }
        catch (IOException ex)
        {
            TryDelete(partial);
            return Failed($"conversion finished but '{p.Output}' could not be put in place: {ex.Message}");
        }
        await attempt.FreeWorkerAsync();
        return KindOutcome.Completed([new JobOutput(p.Output, 0, 0, 0)], done =>
        {
            logger.LogInformation("Job {JobId} completed: converted {ModelInput} to {OutputType} at {ModelOutput}, {OutputBytes} bytes in {Seconds:0.0} s",
                done.Id, p.Input, p.OutputType, p.Output, result.OutputBytes, result.Seconds);
            // The watcher would notice too, but only when it runs; the new file should be listed as soon as the job says done.
            _ = catalog.RequestScan();
        });
    }

    /// <summary>Refused before the worker was called.</summary>
    private static KindOutcome Refused(string message) => KindOutcome.Failed(new WorkerFailure(FailureKind.GenerationFailed, message), served: false);

    /// <summary>The worker answered with a failure (or its file could not be put in place) and lives on.</summary>
    private static KindOutcome Failed(string message) => KindOutcome.Failed(new WorkerFailure(FailureKind.GenerationFailed, message), served: true);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
