using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Core;

/// <summary>
/// How one attempt ends, in process: the real runner, slot, queue and SQLite store, a fake clock for the watchdogs,
/// and in-memory workers over the synthetic engine.
/// </summary>
public sealed class JobRunnerCoreTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task A_worker_crash_mid_step_requeues_the_job_charged_and_the_next_attempt_completes()
    {
        await using var core = new CoreHarness(() => CoreHarness.Synthetic(stepMs: 30));
        var slot = core.StartSlot();
        var active = await core.SubmitAsync(steps: 20);

        var attempt = await core.DispatchAsync(slot);
        await core.EventuallyAsync(() => active.Progress, p => p is { Phase: SdSupervised.Contracts.ProgressPhase.Sampling, Step: >= 2 }, "two steps sampled");
        var crashed = core.Launcher.Last;
        crashed.Crash(signal: 11);
        await attempt;

        var requeued = active.Job;
        Assert.Equal(JobStatus.Queued, requeued.Status);
        Assert.Equal(1, requeued.Attempts);
        var failure = Assert.Single(requeued.Failures);
        Assert.Equal(FailureKind.Segfault, failure.Kind);
        Assert.Equal("w0", failure.WorkerId);
        Assert.Equal(JobStatus.Queued, (await core.Store.GetAsync(active.Id, CancellationToken.None))!.Status);

        await (await core.DispatchAsync(slot));
        Assert.Equal(JobStatus.Completed, active.Job.Status);
        Assert.Equal(2, active.Job.Attempts);
        Assert.NotSame(crashed, core.Launcher.Last);
    }

    [Fact]
    public async Task A_stalled_generation_is_killed_as_a_hang_and_requeued()
    {
        // Steps of ten minutes: no progress ever arrives; only the (fake) clock moves.
        await using var core = new CoreHarness(() => CoreHarness.Synthetic(stepMs: 600_000));
        var slot = core.StartSlot();
        var active = await core.SubmitAsync(steps: 4);

        var attempt = await core.DispatchAsync(slot);
        var worker = core.Launcher.Last;
        await core.EventuallyAsync(() => attempt.IsCompleted, done => done, "the stall detected", step: Tick);

        Assert.Contains(KillReason.Hang, worker.Kills);
        Assert.Equal(JobStatus.Queued, active.Job.Status);
        Assert.Equal(FailureKind.Hang, Assert.Single(active.Job.Failures).Kind);
    }

    [Fact]
    public async Task A_cancelled_job_whose_worker_ignores_the_cancel_is_killed_after_the_grace_period_and_ends_cancelled()
    {
        await using var core = new CoreHarness(() => new StubbornEngine(CoreHarness.Synthetic(stepMs: 50)));
        var slot = core.StartSlot();
        var active = await core.SubmitAsync(steps: 200);

        var attempt = await core.DispatchAsync(slot);
        var worker = core.Launcher.Last;
        // Sampling, not loading: a cancel before the generation call starts never reaches the worker at all.
        await core.EventuallyAsync(() => active.Progress, p => p is { Phase: SdSupervised.Contracts.ProgressPhase.Sampling, Step: >= 1 }, "the job sampling");
        Assert.Equal(CancelOutcome.Cancelling, await core.Jobs.CancelAsync(active.Id, CancellationToken.None));
        await core.EventuallyAsync(() => attempt.IsCompleted, done => done, "the kill after the grace period", step: Tick);

        Assert.True(worker.Kills.SequenceEqual([KillReason.Cancel]), $"kills: [{string.Join(", ", worker.Kills)}], job: {active.Job}");
        Assert.Equal(JobStatus.Cancelled, active.Job.Status);
        Assert.Empty(active.Job.Failures);
        // Our own kill is no failure of the slot.
        var back = await core.WaitForAsync(slot, s => s.State == WorkerState.Idle && s.Restarts == 1, "a new worker");
        Assert.Equal(BreakerState.Closed, back.Breaker);
        Assert.Null(back.LastFailure);
    }

    [Fact]
    public async Task Outputs_that_cannot_be_written_fail_the_attempt_as_storage_error_and_keep_the_worker()
    {
        await using var core = new CoreHarness(() => CoreHarness.Synthetic(stepMs: 1));
        var slot = core.StartSlot();
        var active = await core.SubmitAsync(steps: 2);
        // A file where the job's output folder must go: creating the folder fails with a real IOException.
        var outputs = Path.Combine(core.DataDir, "outputs");
        Directory.CreateDirectory(outputs);
        await File.WriteAllTextAsync(Path.Combine(outputs, active.Id), "in the way");

        await (await core.DispatchAsync(slot));

        Assert.Equal(JobStatus.Queued, active.Job.Status);
        var failure = Assert.Single(active.Job.Failures);
        Assert.Equal(FailureKind.StorageError, failure.Kind);
        Assert.Contains($"writing outputs/{active.Id}/00-", failure.Message);
        var worker = core.Launcher.Last;
        Assert.False(worker.HasExited);
        Assert.Empty(worker.Kills);
        Assert.Equal(WorkerState.Idle, slot.Snapshot.State);
        Assert.Equal(0, slot.Snapshot.Restarts);

        // Attempts are bounded: after MaxAttempts storage failures the job fails with the reason.
        await (await core.DispatchAsync(slot));
        await (await core.DispatchAsync(slot));
        Assert.Equal(JobStatus.Failed, active.Job.Status);
        Assert.Equal(FailureKind.StorageError, active.Job.Error?.Kind);
        Assert.Equal(3, active.Job.Attempts);
        Assert.Same(worker, core.Launcher.Last);
    }
}
