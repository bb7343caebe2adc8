using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Core;

/// <summary>The warm standby on the real slot: it waits with no model, takes over after a crash, and is replaced.</summary>
public sealed class StandbyCoreTests
{
    [Fact]
    public async Task The_standby_serves_no_job_while_the_primary_is_healthy_and_takes_over_when_it_crashes()
    {
        await using var core = new CoreHarness(settings: new Dictionary<string, string?> { ["Sds:Workers"] = "1", ["Sds:Standby:Enabled"] = "true" });
        await core.Pool.StartAsync(CancellationToken.None);
        var slot = core.Pool.Slots[0];
        var before = await core.WaitForAsync(slot, s => s.IsIdle && s.Standby == StandbyState.Ready, "primary and standby up");
        var standbyPid = before.StandbyProcessId!.Value;
        Assert.NotEqual(before.ProcessId, standbyPid);

        var jobs = new List<ActiveJob>();
        for (var i = 0; i < 3; i++)
            jobs.Add(await core.SubmitAsync(steps: 2, seed: i, model: "core-model"));
        await core.RunSchedulerUntilFinishedAsync(jobs, TimeSpan.FromSeconds(30));
        Assert.All(jobs, j => Assert.Equal(JobStatus.Completed, j.Job.Status));
        var standby = core.Launcher.Launched.Single(w => w.ProcessId == standbyPid);
        Assert.Null((await standby.Rpc.PingAsync(CancellationToken.None)).LoadedModelId);
        Assert.Equal(standbyPid, slot.Snapshot.StandbyProcessId);

        core.Launcher.Launched.Single(w => w.ProcessId == before.ProcessId).Crash(9);
        var after = await core.WaitForAsync(slot, s => s.IsIdle && s.ProcessId == standbyPid, "the standby as the primary", step: TimeSpan.FromMilliseconds(50));
        Assert.Equal(1, after.Restarts);
        Assert.Equal(FailureKind.Killed, after.LastFailure!.Kind);
        var replaced = await core.WaitForAsync(slot, s => s.Standby == StandbyState.Ready && s.StandbyProcessId is { } pid && pid != standbyPid && pid != before.ProcessId,
            "a new standby");
        Assert.Equal(standbyPid, replaced.ProcessId);
    }

    [Fact]
    public async Task A_standby_that_dies_is_replaced_and_the_primary_is_untouched()
    {
        await using var core = new CoreHarness(settings: new Dictionary<string, string?> { ["Sds:Workers"] = "1", ["Sds:Slots:w0:Standby"] = "true" });
        await core.Pool.StartAsync(CancellationToken.None);
        var slot = core.Pool.Slots[0];
        var before = await core.WaitForAsync(slot, s => s.IsIdle && s.Standby == StandbyState.Ready, "primary and standby up");

        core.Launcher.Launched.Single(w => w.ProcessId == before.StandbyProcessId).Crash(11);
        var after = await core.WaitForAsync(slot, s => s.Standby == StandbyState.Ready && s.StandbyProcessId != before.StandbyProcessId, "a new standby",
            step: TimeSpan.FromMilliseconds(50));
        Assert.Equal((before.ProcessId, 0, WorkerState.Idle), (after.ProcessId, after.Restarts, after.State));
        Assert.Null(after.LastFailure);
    }

    [Fact]
    public async Task Without_standby_configured_the_slot_shows_none_and_launches_one_worker()
    {
        await using var core = new CoreHarness(settings: new Dictionary<string, string?> { ["Sds:Workers"] = "1" });
        await core.Pool.StartAsync(CancellationToken.None);
        var slot = await core.WaitForAsync(core.Pool.Slots[0], s => s.IsIdle, "the primary up");
        Assert.Equal((StandbyState.None, (int?)null), (slot.Standby, slot.StandbyProcessId));
        Assert.Single(core.Launcher.Launched);
    }
}
