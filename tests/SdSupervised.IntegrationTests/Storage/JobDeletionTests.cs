using SdSupervised.IntegrationTests.Api.Generate;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Storage;

/// <summary>
/// <c>DELETE /api/queue/job/{id}</c> and retention (<c>Sds:Retention</c>) delete finished jobs whole (row, outputs,
/// inputs) and never touch a queued or running job's files.
/// </summary>
public sealed class JobDeletionTests(ITestOutputHelper output)
{
    /// <summary>Long enough per step that a 150-step job is still running whatever the machine's load.</summary>
    private const int SlowStepMs = 200;

    [Fact]
    public async Task Delete_removes_a_finished_jobs_row_outputs_and_inputs_and_refuses_unknown_and_active_jobs()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = SlowStepMs });
        var finished = await SubmitImg2ImgAsync(sup, steps: 1);
        await sup.Api.WaitForCompletedAsync(finished, Timeouts.Job);
        var running = await SubmitImg2ImgAsync(sup, steps: 150);
        var queued = await SubmitImg2ImgAsync(sup, steps: 1);
        await sup.Api.WaitForRunningAsync(running, minStep: 1, Timeouts.Soon);
        sup.Expect(Directory.Exists(Outputs(sup, finished)) && Directory.Exists(Inputs(sup, finished)), "the finished job should have outputs and inputs to delete");

        foreach (var (id, state) in new[] { (running, "running"), (queued, "queued") })
        {
            var refused = await sup.Api.SendAsync(HttpMethod.Delete, $"/api/queue/job/{id}");
            ErrorBody.Assert4xx(refused, $"DELETE of a {state} job", 409);
            sup.Expect(refused.Json.Str("error") == "job_active" && refused.Json.Str("message")!.Contains("cancel it first"),
                $"DELETE of a {state} job should be 409 job_active saying to cancel it first\n{refused}");
            sup.Expect(Directory.Exists(Inputs(sup, id)), $"the {state} job's inputs must stay");
        }

        var deleted = await sup.Api.SendAsync(HttpMethod.Delete, $"/api/queue/job/{finished}");
        sup.Expect(deleted.Code == 200 && deleted.Json.Str("job_id") == finished && deleted.Json.Str("status") == "completed"
            && deleted.Json.Long("output_bytes") > 0 && deleted.Json.Long("input_bytes") > 0
            && deleted.Json.Long("freed_bytes") == deleted.Json.Long("output_bytes") + deleted.Json.Long("input_bytes"),
            $"DELETE of a finished job should be 200 with the bytes it freed\n{deleted}");
        sup.Expect(!Directory.Exists(Outputs(sup, finished)) && !Directory.Exists(Inputs(sup, finished)), "the deleted job's folders should be gone");
        var gone = await sup.Api.GetAsync($"/api/queue/job/{finished}");
        sup.Expect(gone.Code == 404, $"a deleted job is not found any more\n{gone}");
        foreach (var id in new[] { finished, "0123456789abcdef0123456789abcdef" })
            ErrorBody.Assert4xx(await sup.Api.SendAsync(HttpMethod.Delete, $"/api/queue/job/{id}"), "DELETE of a job that does not exist", 404);

        await sup.Api.CancelAsync(queued);
        await sup.Api.CancelAsync(running);
        await sup.Api.WaitForTerminalAsync(running, Timeouts.Job);
        var afterCancel = await sup.Api.SendAsync(HttpMethod.Delete, $"/api/queue/job/{running}");
        sup.Expect(afterCancel.Code == 200 && afterCancel.Json.Str("status") == "cancelled", $"a cancelled job can be deleted\n{afterCancel}");
    }

    [Fact]
    public async Task Retention_by_age_deletes_finished_jobs_but_never_a_queued_or_running_jobs_files()
    {
        var options = new SupervisorOptions { Workers = 1, StepMs = SlowStepMs }
            .WithEnv("SDS__Retention__MaxAgeDays", 1.0 / 86_400)
            .WithEnv("SDS__Retention__IntervalSeconds", 0.2);
        await RetentionKeepsActiveJobsAsync(options, "by age");
    }

    [Fact]
    public async Task Retention_by_size_deletes_finished_jobs_but_never_a_queued_or_running_jobs_files()
    {
        // One byte: every finished job is over the limit, and the active jobs' inputs alone are too.
        var options = new SupervisorOptions { Workers = 1, StepMs = SlowStepMs }
            .WithEnv("SDS__Retention__MaxBytes", 1)
            .WithEnv("SDS__Retention__IntervalSeconds", 0.2);
        await RetentionKeepsActiveJobsAsync(options, "by size");
    }

    private async Task RetentionKeepsActiveJobsAsync(SupervisorOptions options, string limit)
    {
        await using var sup = await SupervisorProcess.StartAsync(output, options);
        var finished = await SubmitImg2ImgAsync(sup, steps: 1);
        await sup.Api.WaitForCompletedAsync(finished, Timeouts.Job);
        var running = await SubmitImg2ImgAsync(sup, steps: 150);
        var queued = await SubmitImg2ImgAsync(sup, steps: 1);

        await sup.Api.PollAsync(() => sup.Api.GetAsync($"/api/queue/job/{finished}"), r => r.Code == 404, Timeouts.Soon, $"retention {limit} to delete job {finished}");
        sup.Expect(!Directory.Exists(Outputs(sup, finished)) && !Directory.Exists(Inputs(sup, finished)), "retention should remove the finished job's folders");
        var runningJob = await sup.Api.GetJobAsync(running);
        var queuedJob = await sup.Api.GetJobAsync(queued);
        sup.Expect(runningJob.Status == "running" && queuedJob.Status == "queued", $"the other jobs should still be active\n{runningJob}\n{queuedJob}");
        sup.Expect(Directory.Exists(Inputs(sup, running)) && Directory.Exists(Inputs(sup, queued)), "retention must never touch a running or queued job's inputs");

        // The job is gone (404) as soon as its row is deleted; the pass adds to its totals and logs once it ends.
        var status = await sup.Api.PollAsync(() => sup.Api.GetStatusAsync(),
            s => s.Node.Obj("storage").Obj("retention").Long("deleted_jobs") >= 1, Timeouts.Soon, "retention's totals in /api/status");
        var retention = status.Node.Obj("storage").Obj("retention");
        sup.Expect(retention.Long("freed_bytes") > 0 && retention.Str("last_run_at") is not null,
            $"/api/status should count what retention deleted\n{status}");
        await sup.Api.PollAsync(() => Task.FromResult(sup.Log.Contains("Retention deleted 1 finished job(s)")), logged => logged, Timeouts.Soon,
            "retention to log what it deleted");

        await sup.Api.CancelAsync(queued);
        await sup.Api.CancelAsync(running);
        await sup.Api.PollAsync(() => sup.Api.GetAsync($"/api/queue/job/{running}"), r => r.Code == 404, Timeouts.Soon, $"retention {limit} to delete job {running} once it was cancelled");
    }

    private static async Task<string> SubmitImg2ImgAsync(SupervisorProcess sup, int steps)
    {
        var response = await sup.Api.PostAsync("/api/generate/img2img",
            new { prompt = "kept or not", width = 64, height = 64, steps, init_image = TestImages.Base64(TestImages.Gradient(64, 64)) });
        return response.Code == 202 && response.Json.Str("job_id") is { } id ? id : throw sup.Fail($"img2img submit was not accepted\n{response}");
    }

    private static string Outputs(SupervisorProcess sup, string jobId) => Path.Combine(sup.DataDir, "outputs", jobId);

    private static string Inputs(SupervisorProcess sup, string jobId) => Path.Combine(sup.DataDir, "inputs", jobId);
}
