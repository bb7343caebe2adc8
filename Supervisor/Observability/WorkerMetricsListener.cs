using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Observability;

/// <summary>
/// Counts worker restarts (by the failure that caused them) and model loads (and their time) from the pool-wide, ordered
/// stream of slot snapshots, so every path that restarts a worker or loads a model is counted without instrumenting it.
/// Subscribed before any worker spawns, like the SSE listener.
/// </summary>
public sealed class WorkerMetricsListener(WorkerSlotEvents slots, SdsMetrics metrics) : IHostedLifecycleService
{
    // Only the delivery loop touches these: no lock needed.
    private readonly Dictionary<string, WorkerFailureRecord?> _countedFailure = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _loadingSince = new(StringComparer.Ordinal);
    private IDisposable? _subscription;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _subscription = slots.Subscribe(OnChange);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        await slots.FlushAsync(cancellationToken);
        _subscription?.Dispose();
    }

    /// <summary>One slot change, in order; public for the unit tests, which feed changes without a pool.</summary>
    public void OnChange(WorkerSlotChange change)
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
