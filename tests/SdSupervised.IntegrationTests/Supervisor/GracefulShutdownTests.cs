using System.Diagnostics;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Supervisor;

public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sigterm_with_a_running_and_a_queued_job_exits_0_within_the_grace_and_a_restart_completes_both()
    {
        const int graceSeconds = 2;
        var options = new SupervisorOptions { Workers = 1, StepMs = 30 }.WithResilience("ShutdownGraceSeconds", graceSeconds);
        await using var sup = await SupervisorProcess.StartAsync(output, options);

        // 150 steps x 30 ms = 4.5 s: the running job cannot finish inside a 2 s grace.
        var running = await sup.Api.SubmitAsync(new Text2ImgRequest { Prompt = "long one", Steps = 150, Seed = 1 });
        var queued = await sup.Api.SubmitAsync(new Text2ImgRequest { Prompt = "waiting one", Steps = 10, Seed = 2 });
        await sup.Api.WaitForRunningAsync(running, minStep: 2, Timeouts.Soon);
        var workerPids = (await sup.Api.GetStatusAsync()).Workers.Where(w => w.Pid is > 0).Select(w => w.Pid!.Value).ToArray();

        var clock = Stopwatch.StartNew();
        var bound = TimeSpan.FromSeconds(graceSeconds + 15);
        var exitCode = await sup.TerminateAsync(bound);
        output.WriteLine($"supervisor exited {clock.ElapsedMilliseconds} ms after SIGTERM with code {exitCode?.ToString() ?? "none"}");
        sup.Expect(exitCode is not null, $"the supervisor did not exit within {bound.TotalSeconds:F0} s of SIGTERM");
        sup.Expect(exitCode == 0, $"the supervisor should exit 0 on SIGTERM, exited {exitCode}");

        var deadline = Stopwatch.StartNew();
        while (workerPids.Any(Posix.IsAlive) && deadline.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(50);
        sup.Expect(!workerPids.Any(Posix.IsAlive), $"workers {string.Join(",", workerPids.Where(Posix.IsAlive))} outlived a graceful stop");

        await sup.RestartAsync();
        foreach (var id in new[] { running, queued })
        {
            var job = await sup.Api.WaitForTerminalAsync(id, Timeouts.Job);
            sup.Expect(job.Status == "completed", "every job from before the stop should complete after the restart", job);
        }
    }

    [Fact]
    public async Task While_running_jobs_drain_after_sigterm_the_api_still_answers_and_refuses_new_jobs_with_503()
    {
        var options = new SupervisorOptions { Workers = 1, StepMs = 100 }.WithResilience("ShutdownGraceSeconds", 20);
        await using var sup = await SupervisorProcess.StartAsync(output, options);
        // 30 steps x 100 ms = 3 s: finishes inside the grace, so the drain lasts a few seconds.
        var running = await sup.Api.SubmitAsync(new Text2ImgRequest { Prompt = "finishing", Steps = 30, Seed = 3 });
        await sup.Api.WaitForRunningAsync(running, minStep: 2, Timeouts.Soon);

        sup.Log.Note($"SIGTERM supervisor pid {sup.Pid}");
        Posix.Kill(sup.Pid, Posix.SIGTERM);
        var during = await sup.Api.PollAsync(() => sup.Api.GetAsync($"/api/queue/job/{running}"), r => r.Code == 200 && r.Json.Obj("progress").Int("step") >= 5, Timeouts.Soon, "the job's progress during the drain");
        var refused = await sup.Api.PostAsync("/api/generate/text2img", new Text2ImgRequest { Prompt = "too late" });
        sup.Expect(refused.Code == 503 && refused.Json.Int("status") == 503 && refused.Json.Str("error") == "shutting_down",
            $"a submit during shutdown should be 503 shutting_down\n{refused}");

        var exitCode = await sup.TerminateAsync(TimeSpan.FromSeconds(30));
        sup.Expect(exitCode == 0, $"the supervisor should exit 0 once the job finished, exited {exitCode?.ToString() ?? "not at all"}\n{during}");
        await sup.RestartAsync();
        var job = await sup.Api.GetJobAsync(running);
        sup.Expect(job.Status == "completed", "the running job should have finished during the drain, not been requeued", job);
    }
}
