using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Core;

/// <summary>The real pool and scheduler over in-memory workers: where a job goes.</summary>
public sealed class JobSchedulerCoreTests
{
    [Fact]
    public async Task A_job_that_crashed_a_worker_goes_to_another_idle_slot_even_past_model_affinity()
    {
        await using var core = new CoreHarness(() => CoreHarness.Synthetic(stepMs: 1), new Dictionary<string, string?> { ["Sds:Workers"] = "2" });
        await core.Pool.StartAsync(CancellationToken.None);
        try
        {
            var slots = core.Pool.Slots;
            foreach (var slot in slots)
                await core.WaitForAsync(slot, s => s.IsIdle, $"{slot.WorkerId} idle");
            // w0 holds the job's model, which would win the affinity tie; but the job crashed w0 before.
            Assert.True(slots[0].TryReserve(WorkerHolder.ForJob("warm-up", 0), out var warm));
            warm.SetLoadedModel("core-model");
            warm.Release(served: true);

            var active = await core.SubmitAsync(steps: 2, model: "core-model");
            active.Job = active.Job with { Failures = [new JobFailure(FailureKind.Segfault, "crashed before", "w0", core.Time.GetUtcNow())], Attempts = 1 };
            await core.Scheduler.StartAsync(CancellationToken.None);
            try
            {
                await active.Finished.WaitAsync(TimeSpan.FromSeconds(15));
            }
            finally
            {
                await core.Scheduler.StopAsync(CancellationToken.None);
            }

            Assert.Equal(JobStatus.Completed, active.Job.Status);
            Assert.Equal("w1", active.Job.WorkerId);
        }
        finally
        {
            await core.Pool.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Without_a_crash_the_slot_holding_the_model_wins()
    {
        await using var core = new CoreHarness(() => CoreHarness.Synthetic(stepMs: 1), new Dictionary<string, string?> { ["Sds:Workers"] = "2" });
        await core.Pool.StartAsync(CancellationToken.None);
        try
        {
            var slots = core.Pool.Slots;
            foreach (var slot in slots)
                await core.WaitForAsync(slot, s => s.IsIdle, $"{slot.WorkerId} idle");
            Assert.True(slots[1].TryReserve(WorkerHolder.ForJob("warm-up", 0), out var warm));
            warm.SetLoadedModel("core-model");
            warm.Release(served: true);

            var active = await core.SubmitAsync(steps: 2, model: "core-model");
            await core.Scheduler.StartAsync(CancellationToken.None);
            try
            {
                await active.Finished.WaitAsync(TimeSpan.FromSeconds(15));
            }
            finally
            {
                await core.Scheduler.StopAsync(CancellationToken.None);
            }

            Assert.Equal("w1", active.Job.WorkerId);
        }
        finally
        {
            await core.Pool.StopAsync(CancellationToken.None);
        }
    }
}
