using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Supervisor;

/// <summary>
/// The real Polly pipeline on the real clock with millisecond delays and a one-second break: one execution is
/// one worker lifetime, and the callback stands in for launching a worker and waiting for it to exit.
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

    private static ResiliencePipeline<WorkerExitReport> Pipeline(Observer observer, int minimumThroughput = 3)
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
        return new WorkerRestartPipelineFactory(Options.Create(options), TimeProvider.System).Create(observer);
    }

    private static WorkerExitReport Failed(string message, bool healthy = false) =>
        new(new WorkerExitEvidence { ExitCode = 139, HandshakeCompleted = true }, new WorkerFailure(FailureKind.Segfault, message),
            DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(5)) { WasHealthy = healthy };

    private static WorkerExitReport Clean() =>
        new(new WorkerExitEvidence { ExitCode = 0, KilledBy = KillReason.Stop, HandshakeCompleted = true }, null, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));

    /// <summary>Runs the pipeline; lifetime N (1-based) returns <paramref name="lifetime"/>(N).</summary>
    private static async Task<(WorkerExitReport Result, int Lifetimes)> RunAsync(
        ResiliencePipeline<WorkerExitReport> pipeline, Func<int, WorkerExitReport> lifetime, CancellationToken cancellationToken = default)
    {
        var count = 0;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        var result = await pipeline.ExecuteAsync(_ => ValueTask.FromResult(lifetime(Interlocked.Increment(ref count))), deadline.Token);
        return (result, count);
    }

    [Fact]
    public async Task Clean_exit_returns_at_once_without_restart()
    {
        var observer = new Observer();
        var clean = Clean();

        var (result, lifetimes) = await RunAsync(Pipeline(observer), _ => clean);

        Assert.Same(clean, result);
        Assert.Equal(1, lifetimes);
        Assert.Empty(observer.Restarts);
        Assert.Empty(observer.Opened);
    }

    [Fact]
    public async Task Quick_failures_are_restarted_with_backoff_and_reported()
    {
        var observer = new Observer();

        var (result, lifetimes) = await RunAsync(Pipeline(observer), n => n <= 2 ? Failed($"crash {n}") : Clean());

        Assert.Null(result.Failure);
        Assert.Equal(3, lifetimes);
        Assert.Equal([1, 2], observer.Restarts.Select(r => r.Attempt));
        Assert.All(observer.Restarts, r =>
        {
            Assert.Null(r.Exception);
            Assert.InRange(r.Delay, TimeSpan.Zero, TimeSpan.FromMilliseconds(20));
        });
        Assert.Empty(observer.Opened);
    }

    [Fact]
    public async Task Healthy_failure_goes_back_to_the_caller_without_retry()
    {
        var observer = new Observer();
        var crash = Failed("served well, then crashed", healthy: true);

        var (result, lifetimes) = await RunAsync(Pipeline(observer), _ => crash);

        Assert.Same(crash, result);
        Assert.Equal(1, lifetimes);
        Assert.Empty(observer.Restarts);
    }

    [Fact]
    public async Task Breaker_opens_after_MinimumThroughput_failures_with_the_last_failure_message()
    {
        var observer = new Observer();
        using var stop = new CancellationTokenSource();
        // Stop the slot as soon as the retry starts waiting for the breaker, so the test does not wait out the break.
        observer.OnRestart = ex => { if (ex is BrokenCircuitException) stop.Cancel(); };

        var lifetimes = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Pipeline(observer, minimumThroughput: 3)
            .ExecuteAsync(_ => ValueTask.FromResult(Failed($"crash {Interlocked.Increment(ref lifetimes)}")), stop.Token));

        Assert.Equal(3, lifetimes);
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
    public async Task Open_breaker_half_opens_after_the_break_and_a_good_lifetime_closes_it()
    {
        var observer = new Observer();

        var (result, lifetimes) = await RunAsync(Pipeline(observer, minimumThroughput: 3), n => n <= 3 ? Failed($"crash {n}") : Clean());

        Assert.Null(result.Failure);
        Assert.Equal(4, lifetimes);
        Assert.Single(observer.Opened);
        Assert.Equal(1, observer.HalfOpened);
        Assert.Equal(1, observer.Closed);
        Assert.Contains(observer.Restarts, r => r.Exception is BrokenCircuitException);
    }

    [Fact]
    public async Task Breaker_counts_healthy_failures_too()
    {
        var observer = new Observer();
        var pipeline = Pipeline(observer, minimumThroughput: 3);

        for (var i = 1; i <= 3; i++)
            await RunAsync(pipeline, _ => Failed($"healthy crash {i}", healthy: true));

        var opened = Assert.Single(observer.Opened);
        Assert.Equal("healthy crash 3", opened.LastFailure);
    }

    [Fact]
    public async Task Failures_below_the_ratio_do_not_open_the_breaker()
    {
        var observer = new Observer();
        var pipeline = Pipeline(observer, minimumThroughput: 3);

        // Two failures in three lifetimes is a 67 % failure ratio, under the 80 % that opens the breaker.
        await RunAsync(pipeline, _ => Failed("crash 1", healthy: true));
        await RunAsync(pipeline, _ => Clean());
        await RunAsync(pipeline, _ => Failed("crash 2", healthy: true));

        Assert.Empty(observer.Opened);
    }

    [Fact]
    public async Task Exception_from_a_lifetime_is_retried()
    {
        var observer = new Observer();
        var count = 0;

        var result = await Pipeline(observer).ExecuteAsync(_ =>
            Interlocked.Increment(ref count) == 1 ? throw new InvalidOperationException("launch blew up") : ValueTask.FromResult(Clean()));

        Assert.Null(result.Failure);
        Assert.Equal(2, count);
        var restart = Assert.Single(observer.Restarts);
        Assert.IsType<InvalidOperationException>(restart.Exception);
    }

    [Fact]
    public async Task Cancellation_from_a_lifetime_is_not_retried()
    {
        var observer = new Observer();
        var count = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Pipeline(observer).ExecuteAsync<WorkerExitReport>(_ =>
        {
            Interlocked.Increment(ref count);
            throw new OperationCanceledException();
        }));

        Assert.Equal(1, count);
        Assert.Empty(observer.Restarts);
        Assert.Empty(observer.Opened);
    }
}
