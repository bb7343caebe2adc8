using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Supervisor;

public sealed class WorkerKillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Job_survives_kill_9_of_its_busy_worker_and_completes_on_the_second_attempt_while_the_api_keeps_answering()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 30 });
        var before = (await sup.Api.GetStatusAsync()).Worker("w0") ?? throw sup.Fail("no worker w0 in /api/status");

        var jobId = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 40, Seed = 99 });
        await sup.Api.WaitForRunningAsync(jobId, minStep: 2, Timeouts.Soon);
        var busy = await sup.Api.WaitForWorkerRunningAsync(jobId, Timeouts.Soon);
        var victim = busy.Pid!.Value;

        await using var poller = new ContinuousPoller(sup.BaseAddress, "/api/queue/status");
        sup.Log.Note($"SIGKILL worker {busy.Id} pid {victim} running job {jobId}");
        Assert.True(Posix.Kill(victim, Posix.SIGKILL), $"could not signal worker pid {victim}");

        var job = await sup.Api.WaitForTerminalAsync(jobId, Timeouts.Job);
        await poller.StopAsync();

        sup.Expect(job.Status == "completed", "the job should complete after its worker was killed", job);
        sup.Expect(job.Attempts == 2, $"expected attempts == 2, got {job.Attempts}", job);
        sup.Expect(job.Failures.Count >= 1 && job.Failures[0].Kind == "killed", "failures[0].kind should be 'killed'", job);
        sup.Expect(job.Failures[0].WorkerId == busy.Id, $"failures[0].worker_id should be {busy.Id}", job);
        sup.Expect(!string.IsNullOrWhiteSpace(job.Failures[0].Message), "failures[0].message should say something", job);

        sup.Expect(poller.Ok >= 10, $"the background poller made only {poller.Ok} successful requests during the crash");
        sup.Expect(poller.Bad.Count == 0,
            $"/api/queue/status did not answer 200 every time during the crash ({poller.Ok} ok, {poller.Bad.Count} bad):\n  {string.Join("\n  ", poller.Bad.Take(20))}");

        var after = await sup.Api.WaitForStatusAsync(s => s.Worker(busy.Id!)?.State == "idle", Timeouts.Soon, $"{busy.Id} idle again");
        var w = after.Worker(busy.Id!)!;
        sup.Expect(w.Restarts > (before.Restarts ?? 0), $"{w.Id}.restarts should have gone up from {before.Restarts}, is {w.Restarts}\n{after}");
        sup.Expect(w.Pid is > 0 && w.Pid != victim, $"{w.Id} should run in a new process (killed pid {victim}), pid is {w.Pid}\n{after}");
        sup.Expect(w.LastFailureKind == "killed", $"{w.Id}.last_failure.kind should be 'killed'\n{after}");
        sup.Expect(!Posix.IsAlive(victim), $"killed worker pid {victim} is still alive");
        output.WriteLine($"poller: {poller.Ok} ok, worst latency {poller.WorstMs:F0} ms");
    }
}
