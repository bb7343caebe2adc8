using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Supervisor;

/// <summary>A warm standby worker with real processes: after kill -9 of the primary, the standby's process serves.</summary>
public sealed class StandbyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Standby_takes_over_after_kill_9_of_the_primary_and_a_new_standby_is_started()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1 }.WithEnv("SDS__Standby__Enabled", true));
        var ready = await sup.Api.WaitForStatusAsync(s => SlotCapacityView.Of(s, "w0") is { Standby: "ready", StandbyPid: > 0 }, Timeouts.Soon, "the standby ready");
        var before = SlotCapacityView.Of(ready, "w0")!;
        var (primary, standby) = (before.Pid!.Value, before.StandbyPid!.Value);
        sup.Expect(primary != standby && Posix.IsAlive(standby), $"the standby should be its own live process\n{ready}");

        var warm = await sup.Api.WaitForCompletedAsync(await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2 }), Timeouts.Job);
        sup.Expect(warm.WorkerId == "w0", "the job ran on w0", warm);
        sup.Expect(SlotCapacityView.Of(await sup.Api.GetStatusAsync(), "w0")!.StandbyPid == standby, "a healthy primary keeps the standby waiting, unchanged");

        sup.Log.Note($"SIGKILL primary pid {primary}; standby pid {standby}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(Posix.Kill(primary, Posix.SIGKILL), $"could not signal worker pid {primary}");
        var taken = await sup.Api.WaitForStatusAsync(s => s.Worker("w0") is { State: "idle" } w && w.Pid == standby, Timeouts.Soon, "the standby serving as w0");
        var takeover = clock.Elapsed;
        var after = SlotCapacityView.Of(taken, "w0")!;
        sup.Expect(after.Restarts == 1 && after.LastFailureKind == "killed", $"the kill is a restart with its failure kind\n{taken}");

        var job = await sup.Api.WaitForCompletedAsync(await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2, Seed = 7 }), Timeouts.Job);
        sup.Expect(job.Attempts == 1, "the next job runs on the former standby", job);
        var replaced = await sup.Api.WaitForStatusAsync(
            s => SlotCapacityView.Of(s, "w0") is { Standby: "ready", StandbyPid: { } pid } && pid != standby && pid != primary, Timeouts.Soon, "a new standby");
        sup.Expect(Posix.IsAlive(SlotCapacityView.Of(replaced, "w0")!.StandbyPid!.Value), "the new standby is a live process");
        output.WriteLine($"kill -9 -> standby serving: {takeover.TotalMilliseconds:F0} ms");
    }
}
