using Microsoft.Extensions.Options;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Observability;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// Puts a job's model on the leased worker when it does not hold it already: the slot shows "loading", the load
/// runs under the model-load watchdog in a <c>model_load</c> span with progress, and the slot records what it holds
/// after. Image and video attempts both load through here. Crashes and hangs leave as exceptions, as from any call.
/// </summary>
public sealed class LeaseModelLoader(Events.IJobEvents events, IOptions<SupervisorOptions> options)
{
    /// <summary>Null when the worker holds <paramref name="loadSpec"/>'s model; else the clean load failure (the worker lives on).</summary>
    public async Task<WorkerFailure?> EnsureLoadedAsync(ActiveJob active, WorkerLease lease, ModelLoadSpec loadSpec, ProgressWatchdog watchdog,
        CancellationToken cancellationToken)
    {
        if (!string.Equals(lease.LoadedModel, loadSpec.ModelId, StringComparison.Ordinal))
        {
            lease.LoadingModel();
            watchdog.Start(TimeSpan.FromSeconds(options.Value.Resilience.ModelLoadTimeoutSeconds), "loading the model");
            LoadedModel loaded;
            using (var span = SdsTracing.StartStage("model_load"))
            {
                span?.SetTag("sds.model", loadSpec.ModelId);
                loaded = await lease.Worker.Rpc.LoadModelAsync(loadSpec with { Trace = SdsTracing.Propagate() }, new ProgressReporter(active, watchdog, events), cancellationToken);
                SdsTracing.SetOutcome(span, loaded.Success, loaded.Error);
            }
            if (!loaded.Success)
            {
                lease.SetLoadedModel(null);
                return new WorkerFailure(FailureKind.ModelLoadFailure, loaded.Error ?? $"model '{loadSpec.ModelId}' did not load");
            }
            lease.SetLoadedModel(loadSpec.ModelId);
            active.Clock!.LoadSeconds = loaded.LoadSeconds;
        }
        active.Clock!.Model = loadSpec.ModelId;
        return null;
    }
}
