using Microsoft.Extensions.Logging.Abstractions;
using SdSupervised.Supervisor.Observability;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Observability;

public sealed class WorkerMetricsListenerTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly RecordedMeasurements _recorded = new();
    private readonly WorkerSlotEvents _events = new(NullLogger<WorkerSlotEvents>.Instance);
    private readonly WorkerMetricsListener _listener;
    private WorkerSlotSnapshot _slot = new() { WorkerId = "gpu0", Device = "0", State = WorkerState.Idle, At = T0 };

    public WorkerMetricsListenerTests() => _listener = new WorkerMetricsListener(_events, _recorded.Metrics);

    [Fact]
    public void A_relaunch_after_a_recorded_failure_counts_a_restart_with_that_failures_kind()
    {
        Change(s => s with { LastFailure = new WorkerFailureRecord(FailureKind.Segfault, "SIGSEGV", T0) });
        Change(s => s with { State = WorkerState.Restarting, Restarts = 1 });

        Assert.Equal([1], _recorded.Of("sds_worker_restarts", ("worker", "gpu0"), ("kind", "segfault")));
    }

    [Fact]
    public void A_relaunch_with_no_new_failure_since_the_last_counted_one_is_counted_as_requested()
    {
        Change(s => s with { LastFailure = new WorkerFailureRecord(FailureKind.Killed, "SIGKILL", T0) });
        Change(s => s with { State = WorkerState.Restarting, Restarts = 1 });
        Change(s => s with { State = WorkerState.Idle });
        Change(s => s with { State = WorkerState.Restarting, Restarts = 2 });

        Assert.Equal([1], _recorded.Of("sds_worker_restarts", ("kind", "killed")));
        Assert.Equal([1], _recorded.Of("sds_worker_restarts", ("kind", "requested")));
    }

    [Fact]
    public void A_recycle_counts_as_a_recycle_and_not_as_a_restart()
    {
        Change(s => s with { State = WorkerState.Restarting, Recycles = 1, LastRecycle = new WorkerRecycleRecord("recycled: after 2 jobs", T0) });

        Assert.Equal([1], _recorded.Of("sds_worker_recycles", ("worker", "gpu0")));
        Assert.Empty(_recorded.Of("sds_worker_restarts"));
    }

    [Fact]
    public void A_load_that_ends_holding_a_model_is_counted_ok_with_the_slots_time_in_loading()
    {
        Change(s => s with { State = WorkerState.Loading, At = T0 });
        Change(s => s with { LoadedModel = "sd15", At = T0.AddSeconds(2) });
        Change(s => s with { State = WorkerState.Busy, At = T0.AddSeconds(2.5) });

        Assert.Equal([1], _recorded.Of("sds_model_loads", ("worker", "gpu0"), ("result", "ok")));
        Assert.Equal([2.5], _recorded.Of("sds_model_load_seconds", ("worker", "gpu0")));
    }

    [Fact]
    public void A_load_that_ends_without_a_model_is_counted_failed_and_adds_no_load_time()
    {
        Change(s => s with { State = WorkerState.Loading, At = T0 });
        Change(s => s with { State = WorkerState.Restarting, At = T0.AddSeconds(1) });

        Assert.Equal([1], _recorded.Of("sds_model_loads", ("result", "failed")));
        Assert.Empty(_recorded.Of("sds_model_load_seconds"));
    }

    private void Change(Func<WorkerSlotSnapshot, WorkerSlotSnapshot> next)
    {
        var previous = _slot;
        _slot = next(previous) with { Version = previous.Version + 1 };
        _listener.OnChange(new WorkerSlotChange(previous, _slot, null));
    }

    public void Dispose()
    {
        _recorded.Dispose();
        _events.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
