using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Core;

/// <summary>The real pool and scheduler over in-memory workers: where a job goes.</summary>
public sealed class JobSchedulerCoreTests
{
    [Fact]
    public async Task A_job_that_crashed_a_worker_goes_to_another_idle_slot_even_past_model_affinity()
    {
        // w0 holds the job's model, which would win the affinity tie; but the job crashed w0 before.
        var job = await RunOneJobAsync(modelOn: "w0", crashedOn: "w0");

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal("w1", job.WorkerId);
    }

    [Fact]
    public async Task Without_a_crash_the_slot_holding_the_model_wins()
    {
        var job = await RunOneJobAsync(modelOn: "w1", crashedOn: null);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal("w1", job.WorkerId);
    }

    /// <summary>Two idle slots, the job's model loaded on <paramref name="modelOn"/>; one job (that crashed <paramref name="crashedOn"/> before) runs to its end.</summary>
    private static async Task<Job> RunOneJobAsync(string modelOn, string? crashedOn)
    {
        await using var core = new CoreHarness(() => CoreHarness.Synthetic(stepMs: 1), new Dictionary<string, string?> { ["Sds:Workers"] = "2" });
        await core.Pool.StartAsync(CancellationToken.None);
        try
        {
            foreach (var slot in core.Pool.Slots)
                await core.WaitForAsync(slot, s => s.IsIdle, $"{slot.WorkerId} idle");
            Assert.True(core.Pool.Find(modelOn)!.TryReserve(WorkerHolder.ForJob("warm-up", 0), out var warm));
            Assert.True((await warm.Worker.Rpc.LoadModelAsync(new SdSupervised.Contracts.ModelLoadSpec { ModelId = "core-model" }, null, CancellationToken.None)).Success);
            warm.SetLoadedModel("core-model");
            warm.Release(served: true);

            var active = await core.SubmitAsync(steps: 2, model: "core-model");
            if (crashedOn is not null)
                active.Job = active.Job with { Failures = [new JobFailure(FailureKind.Segfault, "crashed before", crashedOn, core.Time.GetUtcNow())], Attempts = 1 };
            await core.RunSchedulerUntilFinishedAsync([active], TimeSpan.FromSeconds(15));
            return active.Job;
        }
        finally
        {
            await core.Pool.StopAsync(CancellationToken.None);
        }
    }
}
