using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Supervisor;

public sealed class ManagementTests(ITestOutputHelper output)
{
    /// <summary>How long a drained pool is watched to show that a job stays queued.</summary>
    private static readonly TimeSpan StaysQueued = TimeSpan.FromMilliseconds(600);

    [Fact]
    public async Task Drained_workers_take_no_jobs_until_enabled()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 2, StepMs = 10 });

        var drain = await sup.Api.PostRawAsync("/api/workers/w0/drain", "");
        sup.Expect(drain.Code == 200 && drain.Json.Str("worker_id") == "w0" && drain.Json?["draining"]?.GetValue<bool>() == true,
            $"drain should answer 200 {{worker_id: w0, draining: true}}\n{drain}");
        var first = await sup.Api.WaitForCompletedAsync(await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2 }), Timeouts.Job);
        sup.Expect(first.WorkerId == "w1", "with w0 drained the job should run on w1", first);

        await sup.Api.PostRawAsync("/api/workers/w1/drain", "");
        var workers = await sup.Api.GetAsync("/api/workers");
        var listed = workers.Json.Arr("workers") ?? [];
        sup.Expect(workers.Code == 200 && listed.Count == 2 && listed.All(w => w?["draining"]?.GetValue<bool>() == true && w.Int("pid") is > 0 && w.Str("state") == "idle"),
            $"/api/workers should list w0 and w1, both idle and draining\n{workers}");
        var status = await sup.Api.GetStatusAsync();
        sup.Expect(status.Node.Arr("workers")?.All(w => w?["draining"]?.GetValue<bool>() == true) == true, $"/api/status should show draining too\n{status}");

        var waiting = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2 });
        var until = DateTime.UtcNow + StaysQueued;
        while (DateTime.UtcNow < until)
        {
            var job = await sup.Api.GetJobAsync(waiting);
            sup.Expect(job.Status == "queued", "with every worker drained the job must stay queued", job);
            await Task.Delay(50);
        }

        var enable = await sup.Api.PostRawAsync("/api/workers/w0/enable", "");
        sup.Expect(enable.Code == 200 && enable.Json.Str("worker_id") == "w0" && enable.Json?["draining"]?.GetValue<bool>() == false,
            $"enable should answer 200 {{worker_id: w0, draining: false}}\n{enable}");
        var done = await sup.Api.WaitForCompletedAsync(waiting, Timeouts.Job);
        sup.Expect(done.WorkerId == "w0", "the queued job should run on the enabled w0", done);
    }

    [Fact]
    public async Task Restarts_are_graceful_start_new_workers_and_jobs_keep_completing()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 2, StepMs = 20 });

        // An idle worker: a new process at once.
        var w0 = (await sup.Api.GetStatusAsync()).Worker("w0")!;
        var restart = await sup.Api.PostRawAsync("/api/workers/w0/restart", "");
        sup.Expect(restart.Code == 202 && restart.Json.Str("worker_id") == "w0" && restart.Json.Str("status") == "restarting",
            $"restart should answer 202 {{worker_id: w0, status: restarting}}\n{restart}");
        await sup.Api.WaitForStatusAsync(s => s.Worker("w0") is { State: "idle" } w && w.Pid != w0.Pid && w.Restarts == w0.Restarts + 1,
            Timeouts.Soon, $"w0 idle again with a new pid (was {w0.Pid}) and restarts {w0.Restarts + 1}");

        // A busy worker: its job finishes within the grace period, then the worker is replaced.
        var longJob = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 60 });
        var busy = await sup.Api.WaitForWorkerRunningAsync(longJob, Timeouts.Soon);
        await sup.Api.WaitForRunningAsync(longJob, minStep: 2, Timeouts.Soon);
        var restartBusy = await sup.Api.PostRawAsync($"/api/workers/{busy.Id}/restart", "");
        sup.Expect(restartBusy.Code == 202, $"restarting a busy worker should answer 202\n{restartBusy}");
        var twice = await sup.Api.PostRawAsync($"/api/workers/{busy.Id}/restart", "");
        ErrorBody.Assert4xx(twice, sup.Context(), 409);
        var finished = await sup.Api.WaitForCompletedAsync(longJob, Timeouts.Job);
        sup.Expect(finished.Attempts == 1 && finished.WorkerId == busy.Id, "the running job should finish on its worker in one attempt", finished);
        await sup.Api.WaitForStatusAsync(s => s.Worker(busy.Id!) is { State: "idle" } w && w.Pid != busy.Pid,
            Timeouts.Soon, $"{busy.Id} idle with a new pid after its job finished (was {busy.Pid})");

        // Everything, one after another; the API keeps answering and jobs keep completing.
        var before = await sup.Api.GetStatusAsync();
        var all = await sup.Api.SendAsync(HttpMethod.Post, "/api/system/restart");
        sup.Expect(all.Code == 202 && all.Json.Arr("workers")?.Count == 2, $"system restart should answer 202 naming both workers\n{all}");
        await sup.Api.WaitForStatusAsync(s => s.Workers.All(w => w.State == "idle" && w.Pid != before.Worker(w.Id!)!.Pid),
            Timeouts.Soon, "both workers idle with new pids");
        await sup.Api.WaitForCompletedAsync(await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2 }), Timeouts.Job);
    }
}
