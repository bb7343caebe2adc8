using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Jobs;

/// <summary>The status transitions of <see cref="Job"/>: each legal one and what it sets, and every illegal one refused.</summary>
public sealed class JobTransitionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static Job Queued() => new() { Id = "j1", Request = new GenerationParameters { Prompt = "p" }, CreatedAt = T0 };

    [Fact]
    public void Start_runs_a_queued_job_on_the_worker_and_counts_the_attempt()
    {
        var running = Queued().Start("gpu0", T0.AddSeconds(1));

        Assert.Equal(JobStatus.Running, running.Status);
        Assert.Equal(1, running.Attempts);
        Assert.Equal("gpu0", running.WorkerId);
        Assert.Equal(T0.AddSeconds(1), running.StartedAt);
    }

    [Fact]
    public void Complete_keeps_the_outputs_and_clears_an_earlier_error()
    {
        var running = Queued().Start("gpu0", T0) with { Error = new JobError(FailureKind.Segfault, "earlier") };

        var done = running.Complete([new JobOutput("0.png", 1, 64, 64)], T0.AddSeconds(2));

        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal("0.png", Assert.Single(done.Outputs).Filename);
        Assert.Null(done.Error);
        Assert.Equal(T0.AddSeconds(2), done.CompletedAt);
    }

    [Fact]
    public void Requeue_puts_a_running_job_back_keeping_its_attempts_and_failures()
    {
        var running = Queued().Start("gpu0", T0).RecordFailure(new JobFailure(FailureKind.Segfault, "boom", "gpu0", T0));

        var again = running.Requeue();

        Assert.Equal(JobStatus.Queued, again.Status);
        Assert.Null(again.StartedAt);
        Assert.Equal(1, again.Attempts);
        Assert.Single(again.Failures);
        Assert.Equal(2, again.Start("gpu1", T0.AddSeconds(5)).Attempts);
    }

    [Fact]
    public void Fail_and_cancel_end_a_queued_or_running_job()
    {
        var error = new JobError(FailureKind.GenerationFailed, "no");

        Assert.Equal(JobStatus.Failed, Queued().Fail(error, T0).Status);
        Assert.Equal(error, Queued().Start("gpu0", T0).Fail(error, T0).Error);
        Assert.Equal(JobStatus.Cancelled, Queued().Cancel(T0).Status);
        Assert.Equal(T0.AddSeconds(3), Queued().Start("gpu0", T0).Cancel(T0.AddSeconds(3)).CompletedAt);
    }

    public static TheoryData<string> IllegalMoves() =>
    [
        "complete a queued job", "requeue a queued job", "start a running job",
        "start a completed job", "complete a completed job", "fail a completed job", "cancel a completed job", "requeue a cancelled job",
        "cancel a failed job",
    ];

    [Theory]
    [MemberData(nameof(IllegalMoves))]
    public void A_move_its_status_does_not_allow_is_refused_naming_the_job_and_its_status(string move)
    {
        var queued = Queued();
        var running = queued.Start("gpu0", T0);
        var completed = running.Complete([], T0);
        var error = new JobError(FailureKind.GenerationFailed, "no");
        Func<Job> act = move switch
        {
            "complete a queued job" => () => queued.Complete([], T0),
            "requeue a queued job" => () => queued.Requeue(),
            "start a running job" => () => running.Start("gpu1", T0),
            "start a completed job" => () => completed.Start("gpu1", T0),
            "complete a completed job" => () => completed.Complete([], T0),
            "fail a completed job" => () => completed.Fail(error, T0),
            "cancel a completed job" => () => completed.Cancel(T0),
            "requeue a cancelled job" => () => queued.Cancel(T0).Requeue(),
            "cancel a failed job" => () => queued.Fail(error, T0).Cancel(T0),
            _ => throw new ArgumentOutOfRangeException(nameof(move)),
        };

        var refused = Assert.Throws<InvalidJobTransitionException>(act);

        Assert.Contains("job j1 cannot", refused.Message);
    }

    [Fact]
    public void RequestAs_names_both_types_when_the_job_holds_another_kind()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Queued().RequestAs<UpscaleParameters>());

        Assert.Contains("GenerationParameters", refused.Message);
        Assert.Contains("UpscaleParameters", refused.Message);
    }
}
