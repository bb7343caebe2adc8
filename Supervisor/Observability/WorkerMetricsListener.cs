using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Observability;

/// <summary>
/// Counts worker restarts (by the failure that caused them) and model loads (and their time) from the pool-wide, ordered
/// stream of slot snapshots, so every path that restarts a worker or loads a model is counted without instrumenting it.
/// Subscribed before any worker spawns, like the SSE listener.
/// </summary>
public sealed class WorkerMetricsListener(WorkerSlotEvents slots, SdsMetrics metrics) : WorkerSlotListener(slots)
{
    // Only the delivery loop touches these: no lock needed.
    private readonly Dictionary<string, WorkerFailureRecord?> _countedFailure = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _loadingSince = new(StringComparer.Ordinal);

    /// <summary>One slot change, in order; public for the unit tests, which feed changes without a pool.</summary>
    public override void OnChange(WorkerSlotChange change)
    {
        var (previous, current) = (change.Previous, change.Current);
        var worker = new KeyValuePair<string, object?>("worker", current.WorkerId);
        if (current.Restarts > previous.Restarts)
        {
            // The slot records the failure before it relaunches; a relaunch with no new failure since the last one was asked for.
            _countedFailure.TryGetValue(current.WorkerId, out var counted);
            var kind = current.LastFailure is { } failure && failure != counted ? JobJson.EnumName(failure.Kind) : "requested";
            _countedFailure[current.WorkerId] = current.LastFailure;
            metrics.WorkerRestarts.Add(current.Restarts - previous.Restarts, worker, new("kind", kind));
        }
        if (current.Recycles > previous.Recycles)
            metrics.WorkerRecycles.Add(current.Recycles - previous.Recycles, worker);
        if (current.State == WorkerState.Loading && previous.State != WorkerState.Loading)
            _loadingSince[current.WorkerId] = current.At;
        else if (previous.State == WorkerState.Loading && current.State != WorkerState.Loading && _loadingSince.Remove(current.WorkerId, out var since))
        {
            // A load that ends with the slot holding a model succeeded; one that ends without (failed, worker died) did not.
            var ok = current.LoadedModel is not null && current.State is WorkerState.Idle or WorkerState.Busy;
            metrics.ModelLoads.Add(1, worker, new("result", ok ? "ok" : "failed"));
            if (ok)
                metrics.ModelLoadTime.Record(Math.Max(0, (current.At - since).TotalSeconds), worker);
        }
    }
}
