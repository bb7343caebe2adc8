using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Supervisor;

/// <summary>
/// The real Polly pipelines on the real clock with millisecond delays and a one-second break, composed the way a slot
/// composes them: the restart retry around one launch through the breaker, and outcomes reported to the breaker alone.
/// </summary>
public sealed class WorkerRestartPipelineTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private sealed class Observer : IWorkerRestartObserver
    {
        public string WorkerId => "gpu0";
        public ConcurrentQueue<(TimeSpan Delay, int Attempt, Exception? Exception)> Restarts { get; } = new();
        public ConcurrentQueue<(TimeSpan BreakDuration, string? LastFailure)> Opened { get; } = new();
        public int HalfOpened;
        public int Closed;
        public Action<Exception?>? OnRestart { get; set; }

        public void OnRestartScheduled(TimeSpan delay, int attempt, Exception? exception)
        {
            Restarts.Enqueue((delay, attempt, exception));
            OnRestart?.Invoke(exception);
        }

        public void OnBreakerOpened(TimeSpan breakDuration, string? lastFailure) => Opened.Enqueue((breakDuration, lastFailure));

        public void OnBreakerHalfOpened() => Interlocked.Increment(ref HalfOpened);

        public void OnBreakerClosed() => Interlocked.Increment(ref Closed);
    }

    private sealed record Pipelines(ResiliencePipeline<SlotOutcome> Restart, ResiliencePipeline<SlotOutcome> Breaker)
    {
        /// <summary>One supervision pass: launch N (1-based) returns <paramref name="launch"/>(N).</summary>
        public async Task<(SlotOutcome Result, int Launches)> LaunchAsync(Func<int, SlotOutcome> launch, CancellationToken cancellationToken = default)
        {
            var count = 0;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(Deadline);
            var result = await Restart.ExecuteAsync(
                async ct => await Breaker.ExecuteAsync(_ => ValueTask.FromResult(launch(Interlocked.Increment(ref count))), ct), deadline.Token);
            return (result, count);
        }

        public void Report(SlotOutcome outcome)
        {
            try { Breaker.Execute(() => outcome); }
            catch (BrokenCircuitException) { }
        }
    }

    private static Pipelines Create(Observer observer, int minimumThroughput = 3)
    {
        var options = new SupervisorOptions
        {
            Resilience = new ResilienceOptions
            {
                RestartDelayMs = 1,
                RestartMaxDelayMs = 20,
                BreakerBreakSeconds = 1,
                BreakerSamplingSeconds = 30,
                BreakerMinimumThroughput = minimumThroughput,
                BreakerFailureRatio = 0.8,
            },
        };
        var factory = new WorkerRestartPipelineFactory(Options.Create(options), TimeProvider.System);
        return new Pipelines(factory.CreateRestart(observer), factory.CreateBreaker(observer));
    }

    private static SlotOutcome Failed(string message) => new(SlotOutcomeKind.Failure, message);

    private static readonly SlotOutcome Established = new(SlotOutcomeKind.Established);

    [Fact]
    public async Task Established_launch_returns_at_once_without_restart()
    {
        var observer = new Observer();

        var (result, launches) = await Create(observer).LaunchAsync(_ => Established);

        Assert.Same(Established, result);
        Assert.Equal(1, launches);
        Assert.Empty(observer.Restarts);
        Assert.Empty(observer.Opened);
    }

    [Fact]
    public async Task Failed_launches_are_restarted_with_backoff_and_reported()
    {
        var observer = new Observer();

        var (result, launches) = await Create(observer, minimumThroughput: 10).LaunchAsync(n => n <= 2 ? Failed($"crash {n}") : Established);

        Assert.Equal(SlotOutcomeKind.Established, result.Kind);
        Assert.Equal(3, launches);
        Assert.Equal([1, 2], observer.Restarts.Select(r => r.Attempt));
        Assert.All(observer.Restarts, r =>
        {
            Assert.Null(r.Exception);
            Assert.InRange(r.Delay, TimeSpan.Zero, TimeSpan.FromMilliseconds(20));
        });
        Assert.Empty(observer.Opened);
    }

    [Fact]
    public async Task Not_counted_end_goes_back_to_the_caller_without_retry()
    {
        var observer = new Observer();
        var ours = new SlotOutcome(SlotOutcomeKind.NotCounted, "a poison job crashed again");

        var (result, launches) = await Create(observer).LaunchAsync(_ => ours);

        Assert.Same(ours, result);
        Assert.Equal(1, launches);
        Assert.Empty(observer.Restarts);
    }

    [Fact]
    public async Task Breaker_opens_after_MinimumThroughput_failed_launches_with_the_last_failure_message()
    {
        var observer = new Observer();
        using var stop = new CancellationTokenSource();
        // Stop the slot as soon as the retry starts waiting for the breaker, so the test does not wait out the break.
        observer.OnRestart = ex => { if (ex is BrokenCircuitException) stop.Cancel(); };

        var pipelines = Create(observer, minimumThroughput: 3);
        var launches = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await pipelines.LaunchAsync(_ => Failed($"crash {Interlocked.Increment(ref launches)}"), stop.Token));

        Assert.Equal(3, launches);
        var opened = Assert.Single(observer.Opened);
        Assert.Equal(TimeSpan.FromSeconds(1), opened.BreakDuration);
        Assert.Equal("crash 3", opened.LastFailure);
        Assert.Equal([1, 2, 3], observer.Restarts.Take(3).Select(r => r.Attempt));
        var waiting = observer.Restarts.Last();
        Assert.IsType<BrokenCircuitException>(waiting.Exception);
        // While open, the retry waits until the breaker half-opens instead of spinning on the open circuit.
        Assert.InRange(waiting.Delay, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Open_breaker_half_opens_after_the_break_and_an_established_probe_closes_it()
    {
        var observer = new Observer();

        var (result, launches) = await Create(observer, minimumThroughput: 3).LaunchAsync(n => n <= 3 ? Failed($"crash {n}") : Established);

        Assert.Equal(SlotOutcomeKind.Established, result.Kind);
        Assert.Equal(4, launches);
        Assert.Single(observer.Opened);
        Assert.Equal(1, observer.HalfOpened);
        Assert.Equal(1, observer.Closed);
        Assert.Contains(observer.Restarts, r => r.Exception is BrokenCircuitException);
    }

    [Fact]
    public async Task Crashes_reported_after_launch_count_against_the_slot()
    {
        var observer = new Observer();
        var pipelines = Create(observer, minimumThroughput: 3);

        await pipelines.LaunchAsync(_ => Established);
        for (var i = 1; i <= 4; i++)
            pipelines.Report(Failed($"crash of job {i}"));

        // One established launch and four crashes: 80 % failures, the ratio that opens the breaker.
        var opened = Assert.Single(observer.Opened);
        Assert.Equal("crash of job 4", opened.LastFailure);
    }

    [Fact]
    public async Task Crashes_between_many_served_jobs_never_open_the_breaker()
    {
        var observer = new Observer();
        var pipelines = Create(observer, minimumThroughput: 3);

        // A kill every few jobs (the soak's pattern): failures stay far under the 80 % ratio.
        for (var i = 1; i <= 10; i++)
        {
            await pipelines.LaunchAsync(_ => Established);
            for (var j = 0; j < 3; j++)
                pipelines.Report(SlotOutcome.JobServed);
            pipelines.Report(Failed($"killed under job {i}"));
        }

        Assert.Empty(observer.Opened);
    }

    [Fact]
    public async Task Exception_from_a_launch_is_retried()
    {
        var observer = new Observer();
        var count = 0;
        var pipelines = Create(observer);

        var result = await pipelines.Restart.ExecuteAsync(async ct => await pipelines.Breaker.ExecuteAsync(_ =>
            Interlocked.Increment(ref count) == 1 ? throw new InvalidOperationException("launch blew up") : ValueTask.FromResult(Established), ct));

        Assert.Equal(SlotOutcomeKind.Established, result.Kind);
        Assert.Equal(2, count);
        var restart = Assert.Single(observer.Restarts);
        Assert.IsType<InvalidOperationException>(restart.Exception);
    }

    [Fact]
    public async Task Cancellation_from_a_launch_is_not_retried()
    {
        var observer = new Observer();
        var count = 0;
        var pipelines = Create(observer);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pipelines.Restart.ExecuteAsync(async ct =>
            await pipelines.Breaker.ExecuteAsync<SlotOutcome>(_ =>
            {
                Interlocked.Increment(ref count);
                throw new OperationCanceledException();
            }, ct)));

        Assert.Equal(1, count);
        Assert.Empty(observer.Restarts);
        Assert.Empty(observer.Opened);
    }
}
