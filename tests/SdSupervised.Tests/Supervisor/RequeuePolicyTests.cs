using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Supervisor;

/// <summary>
/// Mirrors the runner: a crash is appended to <see cref="Job.Failures"/> before <see cref="RequeuePolicy.Decide"/>
/// is asked; a clean failure (no crash) is not.
/// </summary>
public sealed class RequeuePolicyTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static RequeuePolicy Policy(int maxAttempts = 3, int oomRetries = 1) =>
        new(Options.Create(new SupervisorOptions { Resilience = new ResilienceOptions { MaxAttempts = maxAttempts, OutOfMemoryRetries = oomRetries } }));

    private static Job NewJob(int width = 512, int height = 768, int batch = 2) => new()
    {
        Id = "job1",
        Sequence = 1,
        Status = JobStatus.Running,
        Request = new GenerationParameters { Prompt = "a cat", Width = width, Height = height, BatchCount = batch },
    };

    private static Job WithFailure(Job job, FailureKind kind, string message) => job with
    {
        Attempts = job.Attempts + 1,
        Failures = job.Failures.Add(new JobFailure(kind, message, "gpu0", T0.AddSeconds(job.Failures.Count))),
    };

    /// <summary>Runs the job through crashes of the given kinds, as the runner would, and returns each decision.</summary>
    private static List<RequeueDecision> Crashes(RequeuePolicy policy, Job job, params FailureKind[] kinds)
    {
        var decisions = new List<RequeueDecision>();
        for (var i = 0; i < kinds.Length; i++)
        {
            var failure = new WorkerFailure(kinds[i], $"{kinds[i]} number {i + 1}");
            job = WithFailure(job, failure.Kind, failure.Message);
            decisions.Add(policy.Decide(job, failure));
        }
        return decisions;
    }

    public static TheoryData<FailureKind> RetriedCrashKinds => new()
    {
        FailureKind.Segfault, FailureKind.NativeAbort, FailureKind.CudaError, FailureKind.Hang, FailureKind.Killed, FailureKind.UnexpectedExit,
    };

    [Theory]
    [MemberData(nameof(RetriedCrashKinds))]
    public void Crash_is_requeued_until_MaxAttempts_then_the_job_fails_as_poison_with_that_kind(FailureKind kind)
    {
        var decisions = Crashes(Policy(maxAttempts: 3), NewJob(), kind, kind, kind);

        Assert.True(decisions[0].Requeue);
        Assert.Null(decisions[0].Error);
        Assert.True(decisions[1].Requeue);
        Assert.False(decisions[2].Requeue);
        var error = decisions[2].Error!;
        Assert.Equal(kind, error.Kind);
        Assert.Contains("all 3 attempts", error.Message);
        Assert.Contains($"{kind} number 3", error.Message);
    }

    [Fact]
    public void Poison_fails_with_the_kind_of_the_last_crash()
    {
        var decisions = Crashes(Policy(maxAttempts: 3), NewJob(), FailureKind.Segfault, FailureKind.Hang, FailureKind.NativeAbort);

        Assert.Equal(FailureKind.NativeAbort, decisions[2].Error!.Kind);
    }

    [Fact]
    public void MaxAttempts_of_one_never_retries_a_crash()
    {
        var decisions = Crashes(Policy(maxAttempts: 1), NewJob(), FailureKind.Segfault);

        Assert.False(decisions[0].Requeue);
        Assert.Contains("all 1 attempts", decisions[0].Error!.Message);
    }

    [Fact]
    public void Larger_MaxAttempts_allows_more_retries()
    {
        var decisions = Crashes(Policy(maxAttempts: 5), NewJob(), Enumerable.Repeat(FailureKind.Killed, 5).ToArray());

        Assert.Equal([true, true, true, true, false], decisions.Select(d => d.Requeue));
    }

    [Theory]
    [InlineData(FailureKind.GenerationFailed)]
    [InlineData(FailureKind.ModelLoadFailure)]
    [InlineData(FailureKind.StartupFailure)]
    public void Clean_failures_fail_the_job_at_once_with_their_message(FailureKind kind)
    {
        var failure = new WorkerFailure(kind, "the engine returned no image");

        var decision = Policy().Decide(NewJob(), failure);

        Assert.False(decision.Requeue);
        Assert.Equal(new JobError(kind, "the engine returned no image"), decision.Error);
    }

    [Fact]
    public void Clean_failure_after_earlier_crashes_still_fails_at_once()
    {
        var job = WithFailure(NewJob(), FailureKind.Segfault, "segv");

        var decision = Policy().Decide(job, new WorkerFailure(FailureKind.GenerationFailed, "no image"));

        Assert.False(decision.Requeue);
        Assert.Equal(FailureKind.GenerationFailed, decision.Error!.Kind);
    }

    [Fact]
    public void Out_of_memory_is_retried_OutOfMemoryRetries_times_then_fails_naming_size_and_batch()
    {
        var decisions = Crashes(Policy(maxAttempts: 3, oomRetries: 1), NewJob(width: 1024, height: 1536, batch: 4),
            FailureKind.CudaOutOfMemory, FailureKind.CudaOutOfMemory);

        Assert.True(decisions[0].Requeue);
        Assert.False(decisions[1].Requeue);
        var error = decisions[1].Error!;
        Assert.Equal(FailureKind.CudaOutOfMemory, error.Kind);
        Assert.Contains("1024x1536", error.Message);
        Assert.Contains("batch 4", error.Message);
        Assert.Contains("CudaOutOfMemory number 2", error.Message);
    }

    [Fact]
    public void Out_of_memory_on_an_upscale_names_the_upscale_not_a_generation_size()
    {
        var upscale = NewJob() with { Type = JobType.Upscale, Request = new UpscaleParameters { Image = "source.png", SourceWidth = 640, SourceHeight = 480, UpscaleFactor = 4 } };

        var error = Crashes(Policy(maxAttempts: 3, oomRetries: 0), upscale, FailureKind.CudaOutOfMemory)[^1].Error!;

        Assert.StartsWith("out of GPU memory upscaling 640x480 by 4x on 1 attempt(s); try a smaller image or factor", error.Message);
        Assert.DoesNotContain("batch", error.Message);
    }

    [Fact]
    public void Out_of_memory_on_a_video_names_its_frames()
    {
        var video = NewJob() with { Type = JobType.Video, Request = new VideoParameters { Model = "wan", Width = 832, Height = 480, VideoFrames = 33 } };

        var error = Crashes(Policy(maxAttempts: 3, oomRetries: 0), video, FailureKind.CudaOutOfMemory)[^1].Error!;

        Assert.StartsWith("out of GPU memory at 832x480 with 33 frames on 1 attempt(s); try a smaller size or fewer frames", error.Message);
    }

    [Fact]
    public void Out_of_memory_with_no_retries_fails_at_once()
    {
        var decisions = Crashes(Policy(maxAttempts: 3, oomRetries: 0), NewJob(), FailureKind.CudaOutOfMemory);

        Assert.False(decisions[0].Requeue);
        Assert.Contains("512x768", decisions[0].Error!.Message);
    }

    [Fact]
    public void Out_of_memory_retries_are_counted_apart_from_other_crashes()
    {
        var decisions = Crashes(Policy(maxAttempts: 10, oomRetries: 3), NewJob(),
            FailureKind.Segfault, FailureKind.CudaOutOfMemory, FailureKind.CudaOutOfMemory, FailureKind.Segfault,
            FailureKind.CudaOutOfMemory, FailureKind.CudaOutOfMemory);

        Assert.Equal([true, true, true, true, true, false], decisions.Select(d => d.Requeue));
        Assert.Equal(FailureKind.CudaOutOfMemory, decisions[^1].Error!.Kind);
    }

    [Fact]
    public void Out_of_memory_never_exceeds_MaxAttempts_in_total()
    {
        var decisions = Crashes(Policy(maxAttempts: 2, oomRetries: 5), NewJob(), FailureKind.Segfault, FailureKind.CudaOutOfMemory);

        Assert.True(decisions[0].Requeue);
        Assert.False(decisions[1].Requeue);
        Assert.Equal(FailureKind.CudaOutOfMemory, decisions[1].Error!.Kind);
    }

    [Fact]
    public void Crash_after_out_of_memory_retries_counts_toward_MaxAttempts()
    {
        var decisions = Crashes(Policy(maxAttempts: 3, oomRetries: 1), NewJob(),
            FailureKind.CudaOutOfMemory, FailureKind.Segfault, FailureKind.Segfault);

        Assert.Equal([true, true, false], decisions.Select(d => d.Requeue));
        Assert.Equal(FailureKind.Segfault, decisions[2].Error!.Kind);
    }

    [Fact]
    public void Decision_reads_options_when_deciding()
    {
        var options = new SupervisorOptions();
        var policy = new RequeuePolicy(Options.Create(options));
        var job = WithFailure(NewJob(), FailureKind.Segfault, "segv");

        options.Resilience.MaxAttempts = 1;

        Assert.False(policy.Decide(job, new WorkerFailure(FailureKind.Segfault, "segv")).Requeue);
    }
}
