using System.Text.RegularExpressions;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Supervisor;

/// <summary>Proactive recycling with real worker processes: between jobs, a new pid, nothing charged.</summary>
public sealed partial class RecycleTests(ITestOutputHelper output)
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task Worker_is_recycled_after_n_jobs_with_a_new_pid_no_attempt_charged_no_failure_and_queue_order_kept()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1 }.WithEnv("SDS__Recycle__AfterJobs", 2));
        var first = SlotCapacityView.Of(await sup.Api.GetStatusAsync(), "w0")!;

        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
            ids.Add(await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 3, Seed = i }));
        var jobs = new List<JobSnapshot>();
        foreach (var id in ids)
            jobs.Add(await sup.Api.WaitForCompletedAsync(id, Timeouts.Job));

        sup.Expect(jobs.All(j => j.Attempts == 1 && j.Failures.Count == 0), "every job should complete on its first attempt with no failure", jobs[^1]);
        var started = jobs.Select(j => j.StartedAt!.Value).ToList();
        sup.Expect(started.SequenceEqual(started.Order()), $"one worker slot: the jobs should start in submission order ({string.Join(", ", started)})");

        var status = await sup.Api.WaitForStatusAsync(s => SlotCapacityView.Of(s, "w0") is { Recycles: 2 } && s.Worker("w0")?.State == "idle",
            Timeouts.Soon, "two recycles and w0 idle");
        var after = SlotCapacityView.Of(status, "w0")!;
        sup.Expect(after.LastRecycleReason == "recycled: after 2 jobs", $"the recycle's own reason should show in status\n{status}");
        sup.Expect(after.Restarts == 0 && after.LastFailureKind is null, $"a recycle is no restart and no failure\n{status}");
        sup.Expect(after.Pid != first.Pid, $"w0 should run in a new process (was pid {first.Pid})\n{status}");
        var started2 = sup.Log.Snapshot().Select(l => WorkerStarted().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct().Count();
        sup.Expect(started2 == 3, $"three worker processes should have served the five jobs (2 + 2 + 1), {started2} started");
        sup.Expect(sup.Log.Snapshot().Count(l => l.Contains("recycled: after 2 jobs: stopping pid", StringComparison.Ordinal)) == 2,
            "the log should say twice why the worker was stopped");
    }

    [Fact]
    public async Task Worker_is_recycled_when_its_simulated_device_memory_after_a_job_reaches_the_threshold()
    {
        // 256 MiB context + 100 MiB left behind per job on a 1 GiB device: 556 MiB after the third job.
        var options = new SupervisorOptions { Workers = 1 }
            .WithEnv("SDS__SyntheticDeviceMemoryBytes", 1024 * MiB)
            .WithEnv("SDS__SyntheticMemoryGrowthBytes", 100 * MiB)
            .WithEnv("SDS__Recycle__MemoryThresholdBytes", 500 * MiB);
        await using var sup = await SupervisorProcess.StartAsync(output, options);

        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
            ids.Add(await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2, Seed = i }));
        foreach (var id in ids)
        {
            var job = await sup.Api.WaitForCompletedAsync(id, Timeouts.Job);
            sup.Expect(job.Attempts == 1, "no attempt is charged for a recycle", job);
        }

        var status = await sup.Api.WaitForStatusAsync(s => SlotCapacityView.Of(s, "w0") is { Recycles: 1 } && s.Worker("w0")?.State == "idle",
            Timeouts.Soon, "one recycle for memory");
        var w0 = SlotCapacityView.Of(status, "w0")!;
        sup.Expect(w0.LastRecycleReason == "recycled: device memory 556 MiB after a job, at or above 500 MiB", $"the memory recycle's reason\n{status}");
        sup.Expect(w0.DeviceTotalBytes == 1024 * MiB && w0.Restarts == 0, $"the device size should show and no restart be counted\n{status}");
        // The fourth job ran on the new worker: 256 + 100 MiB.
        sup.Expect(w0.DeviceUsedBytes == 356 * MiB, $"the new worker's memory after one job should show\n{status}");
    }

    [GeneratedRegex(@"Worker w0 started: pid (\d+)")]
    private static partial Regex WorkerStarted();
}
