using System.Text.Json.Nodes;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Observability;

/// <summary>
/// <c>/metrics</c> from the real supervisor and workers, parsed with a strict Prometheus text parser: counters rise after
/// jobs, a killed worker's restart is counted with its kind, the state gauges follow a drain, and the job JSON's
/// timings add up to the job's wall time.
/// </summary>
public sealed class MetricsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Completed_jobs_raise_the_job_counters_histograms_and_images_with_bounded_labels()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 10 });
        var before = await sup.Api.ScrapeAsync();
        var submitted = before.Sum("sds_jobs_submitted_total", ("type", "text2img"));

        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
            ids.Add(await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 3, Width = 128, Height = 64, BatchCount = 2 }));
        foreach (var id in ids)
            await sup.Api.WaitForCompletedAsync(id, Timeouts.Job);

        var after = await sup.Api.WaitForMetricsAsync(m => m.Sum("sds_jobs_finished_total", ("status", "completed")) >= 2, Timeouts.Soon, "two completed jobs counted");
        sup.Expect(after.Sum("sds_jobs_submitted_total", ("type", "text2img")) == submitted + 2, $"sds_jobs_submitted_total should rise by 2\n{after}");
        sup.Expect(after.Sum("sds_jobs_finished_total", ("type", "text2img"), ("status", "completed"), ("failure_kind", "none")) == 2,
            $"two completed text2img jobs, failure_kind none\n{after}");
        sup.Expect(after.Sum("sds_images_generated_total") == 4, $"2 jobs x batch 2 = 4 images\n{after}");
        sup.Expect(after.Sum("sds_pixels_generated_total") == 4 * 128 * 64, $"4 images of 128x64\n{after}");
        foreach (var histogram in new[] { "sds_job_queue_wait_seconds", "sds_job_engine_seconds", "sds_job_total_seconds" })
        {
            sup.Expect(after.Types.GetValueOrDefault(histogram) == "histogram", $"{histogram} should be a histogram\n{after}");
            sup.Expect(after.Sum(histogram + "_count", ("type", "text2img")) == 2, $"{histogram}_count should be 2 for text2img\n{after}");
        }
        sup.Expect(after.Find("sds_job_engine_seconds_count").All(s => s.Labels.ContainsKey("model")), $"engine time is labelled by model\n{after}");
        sup.Expect(after.Sum("sds_queue_depth") == 0 && after.Sum("sds_workers_usable") == 1, $"queue empty, one usable worker\n{after}");
        sup.Expect(after.Sum("sds_model_loads_total", ("worker", "w0"), ("result", "ok")) >= 1, $"the first job loaded a model on w0\n{after}");
        sup.Expect(after.Find("sds_worker_steps_per_second", ("worker", "w0")).Any(s => s.Value > 0), $"w0's steps per second\n{after}");
        sup.Expect(after.Find("sds_storage_free_bytes").Any(s => s.Value > 0), $"the data dir's free bytes\n{after}");
        sup.Expect(after.Sum("sds_sqlite_write_seconds_count") >= 6, $"each job wrote at least three transitions\n{after}");
        sup.Expect(after.Find("http_server_request_duration_seconds_count", ("http_route", "/api/generate/text2img")).Any(),
            $"HTTP request duration by route template\n{after.Text}");

        // Bounded cardinality: no label anywhere carries a job id.
        var leaked = after.Samples.Where(s => s.Labels.Values.Any(v => ids.Any(id => v.Contains(id, StringComparison.Ordinal)))).ToList();
        sup.Expect(leaked.Count == 0, $"labels must never carry job ids: {string.Join("; ", leaked)}");
    }

    [Fact]
    public async Task Kill_9_of_a_busy_worker_counts_a_restart_of_that_worker_with_kind_killed()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 30 });
        var jobId = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 40 });
        await sup.Api.WaitForRunningAsync(jobId, minStep: 2, Timeouts.Soon);
        var busy = await sup.Api.WaitForWorkerRunningAsync(jobId, Timeouts.Soon);
        var before = await sup.Api.ScrapeAsync();
        sup.Expect(before.Sum("sds_worker_state", ("worker", "w0"), ("state", "busy")) == 1, $"w0 busy before the kill\n{before}");

        Assert.True(Posix.Kill(busy.Pid!.Value, Posix.SIGKILL), $"could not signal worker pid {busy.Pid}");
        await sup.Api.WaitForCompletedAsync(jobId, Timeouts.Job);

        var after = await sup.Api.WaitForMetricsAsync(m => m.Sum("sds_worker_restarts_total", ("worker", "w0")) >= 1, Timeouts.Soon, "w0's restart counted");
        sup.Expect(after.Sum("sds_worker_restarts_total", ("worker", "w0"), ("kind", "killed")) == 1, $"one restart of w0, kind killed\n{after}");
        sup.Expect(after.Sum("sds_jobs_requeued_total", ("failure_kind", "killed")) == 1, $"the job was requeued once after the kill\n{after}");
        sup.Expect(after.Sum("sds_jobs_finished_total", ("status", "completed")) == 1, $"and completed on its second attempt\n{after}");
    }

    [Fact]
    public async Task Worker_state_gauges_follow_a_drain_and_an_enable()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 2, StepMs = 10 });
        var start = await sup.Api.ScrapeAsync();
        foreach (var w in new[] { "w0", "w1" })
        {
            sup.Expect(start.Sum("sds_worker_state", ("worker", w), ("state", "idle")) == 1, $"{w} idle at start\n{start}");
            sup.Expect(start.Sum("sds_worker_state", ("worker", w)) == 1, $"exactly one state series of {w} is 1\n{start}");
            sup.Expect(start.Sum("sds_worker_draining", ("worker", w)) == 0 && start.Sum("sds_worker_breaker_open", ("worker", w)) == 0,
                $"{w} neither draining nor faulted\n{start}");
        }

        var drain = await sup.Api.PostRawAsync("/api/workers/w0/drain", "");
        sup.Expect(drain.Code == 200, $"drain w0\n{drain}");
        var drained = await sup.Api.WaitForMetricsAsync(m => m.Sum("sds_worker_draining", ("worker", "w0")) == 1, Timeouts.Soon, "w0 draining");
        sup.Expect(drained.Sum("sds_worker_draining", ("worker", "w1")) == 0, $"only w0 drains\n{drained}");

        var enable = await sup.Api.PostRawAsync("/api/workers/w0/enable", "");
        sup.Expect(enable.Code == 200, $"enable w0\n{enable}");
        await sup.Api.WaitForMetricsAsync(m => m.Sum("sds_worker_draining", ("worker", "w0")) == 0 && m.Sum("sds_worker_state", ("worker", "w0"), ("state", "idle")) == 1,
            Timeouts.Soon, "w0 enabled and idle");
    }

    [Fact]
    public async Task Timings_of_each_attempt_add_up_to_the_jobs_wall_time()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 30 });
        var jobId = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 30 });
        await sup.Api.WaitForRunningAsync(jobId, minStep: 2, Timeouts.Soon);
        var busy = await sup.Api.WaitForWorkerRunningAsync(jobId, Timeouts.Soon);
        Assert.True(Posix.Kill(busy.Pid!.Value, Posix.SIGKILL), $"could not signal worker pid {busy.Pid}");
        var job = await sup.Api.WaitForCompletedAsync(jobId, Timeouts.Job);

        var timings = job.Node?["timings"] as JsonArray ?? throw sup.Fail("the job has no timings", job);
        sup.Expect(timings.Count == 2, "one timings entry per attempt (killed, then completed)", job);
        var wall = (DateTimeOffset.Parse(job.Node.Str("completed_at")!, System.Globalization.CultureInfo.InvariantCulture)
                    - DateTimeOffset.Parse(job.Node.Str("created_at")!, System.Globalization.CultureInfo.InvariantCulture)).TotalSeconds;
        var total = timings.Sum(t => t.Double("total_seconds") ?? double.NaN);
        // The totals are built from the same timestamps as created_at and completed_at; only the JSON's rounding separates them.
        sup.Expect(Math.Abs(total - wall) < 0.01, $"the attempts' totals ({total:F4} s) should add up to the wall time ({wall:F4} s)", job);
        for (var i = 0; i < 2; i++)
        {
            var t = timings[i]!;
            var parts = new[] { "queued_seconds", "load_seconds", "engine_seconds", "encode_seconds" }.Select(p => t.Double(p) ?? -1).ToArray();
            sup.Expect(t.Int("attempt") == i + 1 && parts.All(p => p >= 0), $"attempt {i + 1}: every part present and not negative", job);
            sup.Expect(parts.Sum() <= t.Double("total_seconds") + 0.01, $"attempt {i + 1}: the parts fit in its total", job);
        }
        var last = timings[1]!;
        sup.Expect(last.Double("engine_seconds") > 0 && last.Double("encode_seconds") > 0 && last.Double("load_seconds") > 0,
            "the completed attempt loaded the model (new worker), generated and encoded", job);
        sup.Expect(timings[0]!.Double("engine_seconds") == 0 && timings[0]!.Double("encode_seconds") == 0, "the killed attempt never finished generating", job);

        var m = await sup.Api.WaitForMetricsAsync(s => s.Sum("sds_job_engine_seconds_count") == 1, Timeouts.Soon, "the engine time recorded");
        sup.Expect(Math.Abs(m.Sum("sds_job_engine_seconds_sum") - last.Double("engine_seconds")!.Value) < 0.001,
            $"the engine histogram records the job's own engine_seconds\n{m}");
    }

    [Fact]
    public async Task Metrics_with_RequireAuth_refuse_a_caller_without_credentials_with_a_json_401()
    {
        await using var sup = await SupervisorProcess.StartAsync(output,
            new SupervisorOptions { Workers = 1, ExtraArgs = ["--auth", "api-key"] }.WithEnv("SDS__Metrics__RequireAuth", "true"));
        var response = await sup.Api.GetAsync("/metrics");
        sup.Expect(response.Code == 401 && response.Json.Int("status") == 401 && response.Json.Str("error") is { Length: > 0 } && response.Json.Str("message") is { Length: > 0 },
            $"GET /metrics without credentials should be a JSON 401\n{response}");
    }

    [Fact]
    public async Task A_bad_metrics_role_stops_the_service_at_start_with_one_clear_line()
    {
        var (exitCode, sup) = await SupervisorProcess.RunToExitAsync(output, new SupervisorOptions { Workers = 1 }.WithEnv("SDS__Metrics__Role", "root"), Timeouts.Soon);
        await using (sup)
        {
            sup.Expect(exitCode != 0, $"the supervisor should refuse to start, exited {exitCode}\n{sup.Log.Tail()}");
            sup.Expect(sup.Log.Contains("Sds:Metrics:Role must be 'user' or 'admin'"), $"the log should say what is wrong\n{sup.Log.Tail()}");
        }
    }
}
