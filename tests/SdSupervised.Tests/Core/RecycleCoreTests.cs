using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Workers;
using SdSupervised.Worker.Faults;

namespace SdSupervised.Tests.Core;

/// <summary>Proactive recycling on the real pool, slot and scheduler: between jobs, uncharged, with its own reason.</summary>
public sealed class RecycleCoreTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task A_worker_is_recycled_between_jobs_after_the_job_count_and_its_model_is_loaded_again_with_nothing_charged()
    {
        await using var core = new CoreHarness(settings: new Dictionary<string, string?> { ["Sds:Workers"] = "1", ["Sds:Recycle:AfterJobs"] = "2" });
        var (slot, jobs) = await RunJobsAsync(core, count: 5);

        var after = await core.WaitForAsync(slot, s => s.Recycles == 2 && s.IsIdle && s.LoadedModel == "core-model", "the second recycle and the model loaded again");
        Assert.Equal("recycled: after 2 jobs", after.LastRecycle!.Reason);
        Assert.Equal(0, after.Restarts);
        Assert.Null(after.LastFailure);
        Assert.Equal(BreakerState.Closed, after.Breaker);
        // Three workers served the five jobs (2 + 2 + 1), each one stopped by us gracefully, none killed.
        Assert.Equal(3, core.Launcher.Launched.Count);
        Assert.All(core.Launcher.Launched, w => Assert.Empty(w.Kills));
        Assert.All(jobs, j => Assert.Equal((JobStatus.Completed, 1, 0), (j.Job.Status, j.Job.Attempts, j.Job.Failures.Count)));
        // Queue order kept: one slot, so the jobs started in the order they were submitted.
        Assert.Equal(jobs.Select(j => j.Job.Sequence), jobs.OrderBy(j => j.Job.StartedAt).Select(j => j.Job.Sequence));
    }

    [Fact]
    public async Task A_worker_whose_device_memory_after_a_job_reaches_the_slots_percent_threshold_is_recycled()
    {
        // 256 MiB context + 100 MiB per job on a 1 GiB device: 556 MiB after the third job, past 50 % (512 MiB).
        await using var core = new CoreHarness(() => CoreHarness.Synthetic(deviceMemoryBytes: 1024 * MiB, memoryGrowthPerJobBytes: 100 * MiB),
            new Dictionary<string, string?> { ["Sds:Workers"] = "1", ["Sds:Slots:w0:Recycle:MemoryThresholdPercent"] = "50" });
        var (slot, jobs) = await RunJobsAsync(core, count: 4);

        var after = await core.WaitForAsync(slot, s => s.Recycles == 1 && s.IsIdle, "one recycle");
        Assert.Equal("recycled: device memory 556 MiB after a job, at or above 512 MiB", after.LastRecycle!.Reason);
        Assert.Equal(512 * MiB, after.RecycleLimits!.MemoryThresholdBytes);
        Assert.Equal(2, core.Launcher.Launched.Count);
        Assert.All(jobs, j => Assert.Equal(JobStatus.Completed, j.Job.Status));
        Assert.Equal(0, after.Restarts);
    }

    [Fact]
    public async Task Repeated_cuda_restarts_in_the_window_lower_the_slots_limits_until_they_age_out()
    {
        await using var core = new CoreHarness(settings: new Dictionary<string, string?>
        {
            ["Sds:Workers"] = "1",
            ["Sds:Recycle:AfterJobs"] = "10",
            ["Sds:Recycle:CudaRestartsToLower"] = "2",
            ["Sds:Recycle:CudaRestartWindowMinutes"] = "30",
        });
        await core.Pool.StartAsync(CancellationToken.None);
        try
        {
            var slot = core.Pool.Slots[0];
            for (var crash = 1; crash <= 2; crash++)
            {
                var ready = await core.WaitForAsync(slot, s => s.IsIdle && s.Restarts == crash - 1, $"worker before crash {crash}", step: TimeSpan.FromMilliseconds(50));
                core.Launcher.Launched.Single(w => w.ProcessId == ready.ProcessId).Crash(6, GgmlFailureText.CudaIllegalAddress);
            }
            var lowered = await core.WaitForAsync(slot, s => s.IsIdle && s.Restarts == 2, "the worker after two CUDA crashes", step: TimeSpan.FromMilliseconds(50));
            Assert.Equal(FailureKind.CudaError, lowered.LastFailure!.Kind);
            Assert.Equal(new RecycleLimits(5, null, null, Lowered: true), lowered.RecycleLimits);

            core.Time.Advance(TimeSpan.FromMinutes(31));
            var active = await core.SubmitAsync(steps: 2);
            await (await core.DispatchAsync(slot));
            Assert.Equal(JobStatus.Completed, active.Job.Status);
            Assert.Equal(new RecycleLimits(10, null, null, Lowered: false), slot.Snapshot.RecycleLimits);
        }
        finally
        {
            await core.Pool.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task An_idle_worker_past_its_age_is_recycled_and_one_that_is_young_is_not()
    {
        await using var core = new CoreHarness(settings: new Dictionary<string, string?> { ["Sds:Workers"] = "1", ["Sds:Recycle:AfterHours"] = "2" });
        await core.Pool.StartAsync(CancellationToken.None);
        try
        {
            var slot = core.Pool.Slots[0];
            var first = await core.WaitForAsync(slot, s => s.IsIdle, "the first worker");
            core.Time.Advance(TimeSpan.FromHours(1));
            // The ping loop runs (its interval passes) without recycling a one-hour-old worker.
            await core.EventuallyAsync(() => slot.LastHeartbeat, h => h is not null, "a ping", step: TimeSpan.FromSeconds(5));
            Assert.Equal((first.ProcessId, 0), (slot.Snapshot.ProcessId, slot.Snapshot.Recycles));

            core.Time.Advance(TimeSpan.FromHours(1.5));
            var after = await core.WaitForAsync(slot, s => s.Recycles == 1 && s.IsIdle && s.ProcessId != first.ProcessId, "the recycle for age", step: TimeSpan.FromSeconds(5));
            Assert.StartsWith("recycled: after 2.5", after.LastRecycle!.Reason, StringComparison.Ordinal);
            Assert.Equal(0, after.Restarts);
        }
        finally
        {
            await core.Pool.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Starts the pool's one slot, queues <paramref name="count"/> jobs and lets the scheduler run them all.</summary>
    private static async Task<(WorkerSlot Slot, List<ActiveJob> Jobs)> RunJobsAsync(CoreHarness core, int count)
    {
        await core.Pool.StartAsync(CancellationToken.None);
        var slot = core.Pool.Slots[0];
        await core.WaitForAsync(slot, s => s.IsIdle, "the slot idle");
        var jobs = new List<ActiveJob>();
        for (var i = 0; i < count; i++)
            jobs.Add(await core.SubmitAsync(steps: 2, seed: i, model: "core-model"));
        await core.RunSchedulerUntilFinishedAsync(jobs, TimeSpan.FromSeconds(30));
        return (slot, jobs);
    }
}
