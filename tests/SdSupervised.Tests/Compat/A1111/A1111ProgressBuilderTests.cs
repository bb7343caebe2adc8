using SdSupervised.Contracts;
using SdSupervised.Supervisor.Compat.A1111;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Tests.Compat.A1111;

public sealed class A1111ProgressBuilderTests
{
    private static Job JobOf(string id, JobStatus status, int minute) => new()
    {
        Id = id,
        Status = status,
        Request = new GenerationParameters { Steps = 20 },
        CreatedAt = new DateTimeOffset(2025, 1, 1, 0, minute, 0, TimeSpan.Zero),
        StartedAt = status == JobStatus.Running ? new DateTimeOffset(2025, 1, 1, 0, minute, 30, TimeSpan.Zero) : null,
    };

    [Fact]
    public void Idle_is_zero_progress_and_no_job()
    {
        var progress = A1111ProgressBuilder.Build(new QueueSnapshot(0, 0, []));

        Assert.Equal((0d, 0d, 0, "", null), (progress.Progress, progress.EtaRelative, progress.State.JobCount, progress.State.Job, progress.CurrentImage));
        Assert.False(progress.State.Interrupted);
    }

    [Fact]
    public void The_earliest_running_job_is_reported_with_its_fraction()
    {
        var queue = new QueueSnapshot(1, 2,
        [
            new JobSnapshot(JobOf("later", JobStatus.Running, 5), new JobProgress(ProgressPhase.Sampling, 2, 20, 9), null),
            new JobSnapshot(JobOf("first", JobStatus.Running, 1), new JobProgress(ProgressPhase.Sampling, 5, 20, 3.456), null),
            new JobSnapshot(JobOf("queued", JobStatus.Queued, 0), null, 1),
        ]);

        var progress = A1111ProgressBuilder.Build(queue);

        Assert.Equal(0.25, progress.Progress);
        Assert.Equal(3.46, progress.EtaRelative);
        Assert.Equal(("first", 3, 5, 20, "first"), (progress.State.Job, progress.State.JobCount, progress.State.SamplingStep, progress.State.SamplingSteps, progress.CurrentTask));
        Assert.Equal("20250101000130", progress.State.JobTimestamp);
        Assert.Equal("Sampling step 5/20", progress.TextInfo);
    }

    [Fact]
    public void The_preview_is_the_current_image_unless_skipped()
    {
        var queue = new QueueSnapshot(0, 1, [new JobSnapshot(JobOf("j", JobStatus.Running, 1), new JobProgress(ProgressPhase.Sampling, 2, 4, null, "iVBORw0KGgo="), null)]);

        Assert.Equal("iVBORw0KGgo=", A1111ProgressBuilder.Build(queue).CurrentImage);
        Assert.Null(A1111ProgressBuilder.Build(queue, skipCurrentImage: true).CurrentImage);
    }

    [Theory]
    [InlineData(ProgressPhase.LoadingModel, 0)]
    [InlineData(ProgressPhase.Decoding, 1)]
    [InlineData(ProgressPhase.Upscaling, 0.5)]
    public void Phases_other_than_sampling_have_a_sensible_fraction(ProgressPhase phase, double expected)
    {
        var queue = new QueueSnapshot(0, 1, [new JobSnapshot(JobOf("j", JobStatus.Running, 1), new JobProgress(phase, 2, 4, null), null)]);

        Assert.Equal(expected, A1111ProgressBuilder.Build(queue).Progress);
    }
}
