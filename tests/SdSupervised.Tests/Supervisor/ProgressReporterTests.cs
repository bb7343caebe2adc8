using Microsoft.Extensions.Time.Testing;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Tests.Supervisor;

public sealed class ProgressReporterTests
{
    private readonly FakeTimeProvider _time = new();

    private static ActiveJob NewJob(int steps, int batch) => new(new Job
    {
        Id = "job1",
        Sequence = 1,
        Status = JobStatus.Running,
        Request = new GenerationParameters { Prompt = "a cat", Steps = steps, BatchCount = batch },
    });

    private static GenerationProgress Sampling(int step, int steps, int batchIndex = 0, double secondsPerStep = 0.5) => new()
    {
        Phase = ProgressPhase.Sampling,
        Step = step,
        Steps = steps,
        BatchIndex = batchIndex,
        SecondsPerStep = secondsPerStep,
    };

    [Fact]
    public void Progress_counts_steps_across_the_whole_batch()
    {
        var job = NewJob(steps: 4, batch: 3);
        var reporter = new ProgressReporter(job, new ProgressWatchdog(_time));
        var seen = new List<(int Step, int Steps)>();

        for (var image = 0; image < 3; image++)
            for (var step = 1; step <= 4; step++)
            {
                reporter.Report(Sampling(step, 4, image));
                seen.Add((job.Progress!.Step, job.Progress.Steps));
            }

        Assert.Equal(Enumerable.Range(1, 12).Select(done => (done, 12)), seen);
        Assert.Equal(ProgressPhase.Sampling, job.Progress!.Phase);
    }

    [Fact]
    public void Eta_decreases_and_reaches_zero_at_the_end()
    {
        var job = NewJob(steps: 5, batch: 2);
        var reporter = new ProgressReporter(job, new ProgressWatchdog(_time));
        var etas = new List<double>();

        for (var image = 0; image < 2; image++)
            for (var step = 1; step <= 5; step++)
            {
                reporter.Report(Sampling(step, 5, image, secondsPerStep: 0.5));
                etas.Add(job.Progress!.EtaSeconds!.Value);
            }

        Assert.Equal(4.5, etas[0], 3);
        for (var i = 1; i < etas.Count; i++)
            Assert.True(etas[i] < etas[i - 1], $"ETA went from {etas[i - 1]} to {etas[i]} at report {i}");
        Assert.Equal(0, etas[^1]);
    }

    [Fact]
    public void Eta_uses_a_smoothed_step_time()
    {
        var job = NewJob(steps: 10, batch: 1);
        var reporter = new ProgressReporter(job, new ProgressWatchdog(_time));

        reporter.Report(Sampling(1, 10, secondsPerStep: 1.0));
        Assert.Equal(9.0, job.Progress!.EtaSeconds!.Value, 3);

        reporter.Report(Sampling(2, 10, secondsPerStep: 2.0));
        // 0.7 * 1.0 + 0.3 * 2.0 = 1.3 s per step, 8 steps left.
        Assert.Equal(10.4, job.Progress!.EtaSeconds!.Value, 3);
    }

    [Fact]
    public void Step_without_a_measured_time_keeps_the_previous_average()
    {
        var job = NewJob(steps: 10, batch: 1);
        var reporter = new ProgressReporter(job, new ProgressWatchdog(_time));

        reporter.Report(Sampling(1, 10, secondsPerStep: 1.0));
        reporter.Report(Sampling(2, 10, secondsPerStep: 0));

        Assert.Equal(8.0, job.Progress!.EtaSeconds!.Value, 3);
    }

    [Fact]
    public void Zero_batch_count_is_treated_as_one_image()
    {
        var job = NewJob(steps: 4, batch: 0);
        var reporter = new ProgressReporter(job, new ProgressWatchdog(_time));

        reporter.Report(Sampling(2, 4));

        Assert.Equal((2, 4), (job.Progress!.Step, job.Progress.Steps));
    }

    [Theory]
    [InlineData(ProgressPhase.LoadingModel)]
    [InlineData(ProgressPhase.Decoding)]
    public void Other_phases_pass_through_without_eta(ProgressPhase phase)
    {
        var job = NewJob(steps: 20, batch: 4);
        var reporter = new ProgressReporter(job, new ProgressWatchdog(_time));

        reporter.Report(new GenerationProgress { Phase = phase, Step = 1, Steps = 3, BatchIndex = 2, SecondsPerStep = 0.2 });

        Assert.Equal(new JobProgress(phase, 1, 3, null), job.Progress);
    }

    [Fact]
    public void Every_report_feeds_the_watchdog()
    {
        var watchdog = new ProgressWatchdog(_time);
        watchdog.Start(TimeSpan.FromSeconds(10), "generating");
        var reporter = new ProgressReporter(NewJob(steps: 20, batch: 1), watchdog);

        _time.Advance(TimeSpan.FromSeconds(9));
        reporter.Report(Sampling(3, 20));
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Null(watchdog.Stalled(_time.GetUtcNow()));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("Sampling step 3/20", watchdog.Stalled(_time.GetUtcNow()));
    }

    [Fact]
    public void Load_progress_feeds_the_watchdog_too()
    {
        var watchdog = new ProgressWatchdog(_time);
        watchdog.Start(TimeSpan.FromSeconds(10), "loading the model");
        var reporter = new ProgressReporter(NewJob(steps: 20, batch: 1), watchdog);

        _time.Advance(TimeSpan.FromSeconds(9));
        reporter.Report(new GenerationProgress { Phase = ProgressPhase.LoadingModel, Step = 1, Steps = 2 });
        _time.Advance(TimeSpan.FromSeconds(9));

        Assert.Null(watchdog.Stalled(_time.GetUtcNow()));
    }
}
