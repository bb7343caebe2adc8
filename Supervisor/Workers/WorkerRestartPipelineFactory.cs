using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Workers;

/// <summary>
/// Builds the per-slot "worker-restart" pipeline: retry with exponential backoff and jitter around a circuit
/// breaker. One execution is one worker lifetime. The breaker counts every failed lifetime; the retry only
/// backs off after quick failures, so a worker that served well and then crashed restarts at once.
/// </summary>
public sealed class WorkerRestartPipelineFactory(IOptions<SupervisorOptions> options, TimeProvider time)
{
    public const string PipelineName = "worker-restart";

    /// <param name="breakerControl">Lets an operator close the breaker of a faulted slot by hand.</param>
    public ResiliencePipeline<WorkerExitReport> Create(IWorkerRestartObserver observer, CircuitBreakerManualControl? breakerControl = null)
    {
        var r = options.Value.Resilience;
        return new ResiliencePipelineBuilder<WorkerExitReport> { Name = PipelineName, InstanceName = observer.WorkerId, TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<WorkerExitReport>
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(Math.Max(1, r.RestartDelayMs)),
                MaxDelay = TimeSpan.FromMilliseconds(Math.Max(1, r.RestartMaxDelayMs)),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: BrokenCircuitException } => true,
                    { Exception: OperationCanceledException } => false,
                    { Exception: not null } => true,
                    { Result: { Failure: not null, WasHealthy: false } } => true,
                    _ => false,
                }),
                // While the breaker is open, wait exactly until it half-opens.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is BrokenCircuitException { RetryAfter: { } after }
                    ? (TimeSpan?)after
                    : null),
                OnRetry = args =>
                {
                    observer.OnRestartScheduled(args.RetryDelay, args.AttemptNumber + 1, args.Outcome.Exception);
                    return ValueTask.CompletedTask;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<WorkerExitReport>
            {
                FailureRatio = r.BreakerFailureRatio,
                MinimumThroughput = r.BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(r.BreakerSamplingSeconds),
                BreakDuration = TimeSpan.FromSeconds(r.BreakerBreakSeconds),
                ManualControl = breakerControl,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: OperationCanceledException } => false,
                    { Exception: not null } => true,
                    { Result.Failure: not null } => true,
                    _ => false,
                }),
                OnOpened = args =>
                {
                    observer.OnBreakerOpened(args.BreakDuration, args.Outcome.Result?.Failure?.Message ?? args.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
                OnHalfOpened = _ =>
                {
                    observer.OnBreakerHalfOpened();
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    observer.OnBreakerClosed();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }
}

/// <summary>What a restart pipeline tells its slot.</summary>
public interface IWorkerRestartObserver
{
    string WorkerId { get; }
    void OnRestartScheduled(TimeSpan delay, int attempt, Exception? exception);
    void OnBreakerOpened(TimeSpan breakDuration, string? lastFailure);
    void OnBreakerHalfOpened();
    void OnBreakerClosed();
}
