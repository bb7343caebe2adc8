using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Core;

/// <summary>The slot's state machine and breaker, in process on a fake clock with in-memory workers.</summary>
public sealed class WorkerSlotCoreTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private readonly List<WorkerSlotChange> _changes = [];
    private IDisposable? _subscription;

    public Task InitializeAsync()
    {
        _subscription = _core.Events.Subscribe(c => { lock (_changes) _changes.Add(c); });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _subscription?.Dispose();
        await _core.DisposeAsync();
    }

    private async Task<IReadOnlyList<WorkerSlotChange>> ChangesAsync()
    {
        await _core.Events.FlushAsync(CancellationToken.None);
        lock (_changes)
            return [.. _changes];
    }

    [Fact]
    public async Task Transitions_follow_the_table_and_are_published_in_order_with_rising_versions()
    {
        var slot = _core.StartSlot();
        await _core.WaitForAsync(slot, s => s.State == WorkerState.Idle, "idle");

        Assert.True(slot.TryReserve(WorkerHolder.ForJob("job-1", 0), out var lease));
        Assert.False(slot.TryReserve(WorkerHolder.ForJob("job-2", 0), out _));
        Assert.Equal("job-1", slot.Snapshot.Holder?.Id);
        lease.LoadingModel();
        lease.SetLoadedModel("m1");
        lease.Generating();
        lease.Release(served: true);
        lease.Generating();
        lease.SetLoadedModel("ignored after release");
        _core.Launcher.Last.Crash(signal: 11);
        await _core.WaitForAsync(slot, s => s.State == WorkerState.Idle && s.Restarts == 1, "idle again after the crash");

        var changes = await ChangesAsync();
        var states = changes.Where(c => c.StateChanged).Select(c => $"{c.Previous.State}->{c.Current.State}").ToList();
        Assert.Equal(
            ["Stopped->Starting", "Starting->Idle", "Idle->Busy", "Busy->Loading", "Loading->Busy", "Busy->Idle", "Idle->Restarting", "Restarting->Idle"],
            states);
        Assert.All(changes.Zip(changes.Skip(1)), pair => Assert.Equal(pair.First.Current.Version + 1, pair.Second.Current.Version));
        Assert.All(changes, c => Assert.Equal(c.Previous.Version + 1, c.Current.Version));
        Assert.Equal(FailureKind.Segfault, slot.Snapshot.LastFailure?.Kind);
        Assert.Null(slot.Snapshot.LoadedModel);
        Assert.DoesNotContain(changes, c => c.Current.LoadedModel == "ignored after release");
    }

    [Fact]
    public async Task Startup_failures_fault_the_slot_and_an_operator_reset_while_faulted_starts_a_worker_at_once()
    {
        _core.Launcher.FailNextStarts(3);
        var slot = _core.StartSlot();

        var faulted = await _core.WaitForAsync(slot, s => s.State == WorkerState.Faulted, "faulted after 3 failed starts", step: TimeSpan.FromMilliseconds(50));
        Assert.Equal(BreakerState.Open, faulted.Breaker);
        Assert.Contains("no CUDA device", faulted.Reason);
        Assert.Equal(FailureKind.StartupFailure, faulted.LastFailure?.Kind);

        Assert.True(await slot.ResetAsync());
        var idle = await _core.WaitForAsync(slot, s => s.State == WorkerState.Idle, "idle right after the reset (the 60 s break not waited out)");
        Assert.Equal(BreakerState.Closed, idle.Breaker);
        Assert.Null(idle.Reason);
    }

    [Fact]
    public async Task Half_open_probe_stays_half_open_while_idle_and_closes_when_its_worker_serves_a_job()
    {
        _core.Launcher.FailNextStarts(3);
        var slot = _core.StartSlot();
        await _core.WaitForAsync(slot, s => s.State == WorkerState.Faulted, "faulted", step: TimeSpan.FromMilliseconds(50));

        _core.Time.Advance(TimeSpan.FromSeconds(61));
        var probing = await _core.WaitForAsync(slot, s => s.State == WorkerState.Idle, "the probe worker idle");
        Assert.Equal(BreakerState.HalfOpen, probing.Breaker);

        Assert.True(slot.TryReserve(WorkerHolder.ForJob("probe-job", 0), out var lease));
        lease.Release(served: true);
        await _core.WaitForAsync(slot, s => s.Breaker == BreakerState.Closed, "closed once the probe served a job");

        // A crash of the proven worker is one failure in a closed breaker's window, not a new fault.
        _core.Launcher.Last.Crash(signal: 9);
        var back = await _core.WaitForAsync(slot, s => s.State == WorkerState.Idle && s.Restarts == 4, "restarted");
        Assert.Equal(BreakerState.Closed, back.Breaker);
    }

    [Fact]
    public async Task Repeated_crashes_of_one_poison_job_are_its_own_and_do_not_fault_the_slot()
    {
        var slot = _core.StartSlot();
        await _core.WaitForAsync(slot, s => s.State == WorkerState.Idle, "idle");

        for (var attempt = 0; attempt < 6; attempt++)
        {
            await _core.WaitForAsync(slot, s => s.IsIdle, "idle for the next attempt", step: TimeSpan.FromMilliseconds(50));
            Assert.True(slot.TryReserve(WorkerHolder.ForJob("poison", priorCrashes: attempt), out _));
            _core.Launcher.Last.Crash(signal: 11);
            await _core.WaitForAsync(slot, s => s.Restarts == attempt + 1 && s.State == WorkerState.Idle, $"restart {attempt + 1}", step: TimeSpan.FromMilliseconds(50));
        }

        Assert.Equal(BreakerState.Closed, slot.Snapshot.Breaker);
    }

    [Fact]
    public async Task Crashes_of_different_jobs_with_nothing_served_between_them_fault_the_slot()
    {
        var slot = _core.StartSlot();
        for (var job = 0; job < 3; job++)
        {
            await _core.WaitForAsync(slot, s => s.IsIdle, "idle", step: TimeSpan.FromMilliseconds(50));
            Assert.True(slot.TryReserve(WorkerHolder.ForJob($"job-{job}", priorCrashes: 0), out _));
            _core.Launcher.Last.Crash(signal: 11);
            await _core.WaitForAsync(slot, s => s.State != WorkerState.Busy, "the crash seen");
        }

        var faulted = await _core.WaitForAsync(slot, s => s.State == WorkerState.Faulted, "faulted", step: TimeSpan.FromMilliseconds(50));
        Assert.Equal(BreakerState.Open, faulted.Breaker);
    }

    [Fact]
    public async Task Drain_during_a_restart_holds_the_new_worker_back_until_enabled()
    {
        var slot = _core.StartSlot();
        await _core.WaitForAsync(slot, s => s.State == WorkerState.Idle, "idle");
        _core.Launcher.FailNextStarts(1);
        _core.Launcher.Last.Crash(signal: 9);
        await _core.WaitForAsync(slot, s => s.State == WorkerState.Restarting, "restarting");

        slot.Drain();
        var idle = await _core.WaitForAsync(slot, s => s.State == WorkerState.Idle, "the new worker up", step: TimeSpan.FromMilliseconds(50));
        Assert.True(idle.Draining);
        Assert.False(idle.IsIdle);
        Assert.False(slot.TryReserve(WorkerHolder.ForJob("j", 0), out _));

        slot.Enable();
        Assert.True(slot.TryReserve(WorkerHolder.ForJob("j", 0), out var lease));
        lease.Release(served: true);
    }

    [Fact]
    public async Task A_released_lease_cannot_kill_the_worker_that_serves_the_next_holder()
    {
        var slot = _core.StartSlot();
        await _core.WaitForAsync(slot, s => s.State == WorkerState.Idle, "idle");
        Assert.True(slot.TryReserve(WorkerHolder.ForJob("first", 0), out var first));
        first.Release(served: true);
        Assert.True(slot.TryReserve(WorkerHolder.ForJob("second", 0), out var second));

        first.Kill(KillReason.Hang, "a late watchdog of the first job");

        Assert.False(second.Worker.HasExited);
        Assert.Empty(_core.Launcher.Last.Kills);
        second.Release(served: true);
    }
}
