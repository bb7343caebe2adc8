using System.Diagnostics;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Supervisor;

public sealed class CancellationTests(ITestOutputHelper output)
{
    /// <summary>Slack on top of the grace period for two busy cores; the contract is "within the grace period".</summary>
    // Generous: two shared cores can be saturated by other work. It still proves the point: without the
    // grace-period kill a hung worker would only be stopped by the stall timeout (120 s by default).
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task Cancelling_a_running_job_ends_it_cancelled_within_the_grace_period_and_the_worker_serves_the_next_job()
    {
        const int graceSeconds = 3;
        var options = new SupervisorOptions { Workers = 1, StepMs = 30 }.WithResilience("CancelGraceSeconds", graceSeconds);
        await using var sup = await SupervisorProcess.StartAsync(output, options);

        var jobId = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 150 });
        await sup.Api.WaitForRunningAsync(jobId, minStep: 2, Timeouts.Soon);

        var clock = Stopwatch.StartNew();
        var cancel = await sup.Api.CancelAsync(jobId);
        sup.Expect(cancel.Code == 202, $"cancelling a running job should answer 202\n{cancel}");
        sup.Expect(cancel.Json.Str("job_id") == jobId && cancel.Json.Str("status") == "cancelling", $"expected {{job_id, status: \"cancelling\"}}\n{cancel}");

        var statuses = new List<string?>();
        var job = await sup.Api.WaitForJobAsync(jobId, j => { statuses.Add(j.Status); return j.IsTerminal; },
            TimeSpan.FromSeconds(graceSeconds) + Margin, "to end within the cancel grace period");
        output.WriteLine($"cancelled after {clock.ElapsedMilliseconds} ms");
        sup.Expect(job.Status == "cancelled", $"a cancelled running job must end 'cancelled', never '{job.Status}'", job);
        sup.Expect(!statuses.Contains("failed"), "the job was seen 'failed' on its way to cancelled", job);
        sup.Expect(job.Outputs.Count == 0, "a cancelled job should have no outputs", job);

        var again = await sup.Api.CancelAsync(jobId);
        sup.Expect(again.Code == 409, $"cancelling a finished job should answer 409\n{again}");
        ErrorBody.Assert4xx(again, sup.Context(), 409);
        sup.Expect(again.Json.Str("error") == "conflict", $"409 should carry error 'conflict'\n{again}");

        var next = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 4 });
        var nextJob = await sup.Api.WaitForCompletedAsync(next, Timeouts.Job);
        sup.Expect(nextJob.WorkerId == "w0", "the next job should run on w0", nextJob);
    }

    [Fact]
    public async Task Cancelling_a_queued_job_answers_200_cancelled_at_once_and_unknown_ids_get_404()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 30 });

        var running = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 150 });
        var queued = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 4 });
        await sup.Api.WaitForRunningAsync(running, minStep: 1, Timeouts.Soon);

        var waiting = await sup.Api.GetJobAsync(queued);
        sup.Expect(waiting.Status == "queued" && waiting.Position == 1, "the second job should be queued at position 1", waiting);

        var queue = await sup.Api.QueueStatusAsync();
        var entries = queue.Json.Arr("jobs")?.ToArray() ?? [];
        var runningEntry = entries.FirstOrDefault(e => e.Str("job_id") == running);
        var queuedEntry = entries.FirstOrDefault(e => e.Str("job_id") == queued);
        sup.Expect(queue.Code == 200 && queue.Json.Int("queued") == 1 && queue.Json.Int("running") == 1
                   && runningEntry.Str("status") == "running" && runningEntry.Str("worker_id") == "w0" && runningEntry.Obj("progress") is not null
                   && queuedEntry.Str("status") == "queued" && queuedEntry.Int("position") == 1,
            $"/api/queue/status should list the running job (w0, with progress) and the queued one at position 1\n{queue}");

        var cancel = await sup.Api.CancelAsync(queued);
        sup.Expect(cancel.Code == 200, $"cancelling a queued job should answer 200\n{cancel}");
        sup.Expect(cancel.Json.Str("job_id") == queued && cancel.Json.Str("status") == "cancelled", $"expected {{job_id, status: \"cancelled\"}}\n{cancel}");
        var job = await sup.Api.GetJobAsync(queued);
        sup.Expect(job.Status == "cancelled", "a cancelled queued job should read 'cancelled' immediately", job);
        sup.Expect(job.Attempts == 0, "a job cancelled in the queue never ran", job);

        var unknown = await sup.Api.CancelAsync("0123456789abcdef0123456789abcdef");
        ErrorBody.Assert4xx(unknown, sup.Context(), 404);

        var stillRunning = await sup.Api.GetJobAsync(running);
        sup.Expect(stillRunning.Status == "running", "cancelling the queued job must not touch the running one", stillRunning);
        await sup.Api.CancelAsync(running);
        await sup.Api.WaitForTerminalAsync(running, Timeouts.Soon);
    }

    [Fact]
    public async Task Clearing_the_queue_cancels_queued_jobs_and_leaves_the_running_one()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 20 });

        var running = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 60 });
        var queued = new[]
        {
            await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 3 }),
            await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 3 }),
        };
        await sup.Api.WaitForRunningAsync(running, minStep: 1, Timeouts.Soon);

        var clear = await sup.Api.ClearAsync();
        sup.Expect(clear.Code == 200 && clear.Json.Int("cleared") == 2, $"expected 200 {{cleared: 2}}\n{clear}");
        foreach (var id in queued)
        {
            var job = await sup.Api.GetJobAsync(id);
            sup.Expect(job.Status == "cancelled", "cleared jobs should be cancelled", job);
        }

        var queue = await sup.Api.QueueStatusAsync();
        sup.Expect(queue.Code == 200 && queue.Json.Int("queued") == 0 && queue.Json.Int("running") == 1,
            $"after clear: queued 0, running 1\n{queue}");
        await sup.Api.WaitForCompletedAsync(running, Timeouts.Job);
    }

    [Fact]
    public async Task Cancelling_a_job_whose_worker_hangs_kills_and_restarts_the_worker_and_the_job_ends_cancelled()
    {
        const int graceSeconds = 1;
        var options = new SupervisorOptions { Workers = 1, StepMs = 20 }
            .WithResilience("CancelGraceSeconds", graceSeconds)
            .WithResilience("RestartDelayMs", 50);
        await using var sup = await SupervisorProcess.StartAsync(output, options);
        var before = (await sup.Api.GetStatusAsync()).Worker("w0")!;

        // The hang fires at step 2, so once step 1 is reported the worker is about to stop answering cancellation.
        var jobId = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 20, Fault = "hang", FaultStep = 2 });
        await sup.Api.WaitForRunningAsync(jobId, minStep: 1, Timeouts.Soon);
        var busy = await sup.Api.WaitForWorkerRunningAsync(jobId, Timeouts.Soon);
        // Watch progress stand still for many step-times, so the cancel surely meets a worker that is already hung.
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMilliseconds(500))
        {
            var j = await sup.Api.GetJobAsync(jobId);
            sup.Expect(j.Status == "running" && j.SamplingStep is >= 1 and <= 2, "with fault 'hang' at step 2, sampling should stop at step 1 or 2", j);
            await Task.Delay(25);
        }

        var clock = Stopwatch.StartNew();
        var cancel = await sup.Api.CancelAsync(jobId);
        sup.Expect(cancel.Code == 202, $"cancelling a running (hung) job should answer 202\n{cancel}");

        var job = await sup.Api.WaitForJobAsync(jobId, j => j.IsTerminal,
            TimeSpan.FromSeconds(graceSeconds) + Margin, "to end within the cancel grace period");
        output.WriteLine($"hung job cancelled after {clock.ElapsedMilliseconds} ms");
        sup.Expect(job.Status == "cancelled", $"a cancelled hung job must end 'cancelled', not '{job.Status}'", job);

        var status = await sup.Api.WaitForStatusAsync(s => s.Worker("w0") is { State: "idle" } w && w.Pid != busy.Pid,
            Timeouts.Soon, "w0 idle in a new process after the hung one was killed");
        var w0 = status.Worker("w0")!;
        sup.Expect(w0.Restarts > (before.Restarts ?? 0), $"w0.restarts should have gone up\n{status}");
        sup.Expect(!Posix.IsAlive(busy.Pid!.Value), $"the hung worker pid {busy.Pid} should be dead");

        var next = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 4 });
        await sup.Api.WaitForCompletedAsync(next, Timeouts.Job);
    }
}
