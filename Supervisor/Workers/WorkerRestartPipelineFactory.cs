using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Workers;

/// <summary>
/// Builds a slot's two Polly pipelines. The <b>breaker</b> is told what happens on the slot (<see cref="SlotOutcome"/>):
/// workers that fail to start or hand-shake, workers that die idle or under a job's first crash (failures), and jobs
/// served (successes); it opens when failures dominate within the window, so a slot that cannot run stops taking the
/// queue's time, while a slot that crashes now and then between many good jobs never trips. A crash of a job that
/// crashed before is that job's fault and counts toward its poison limit only. The <b>restart</b> retry wraps one
/// launch through the breaker: it backs off (exponential, jitter) after failed launches and waits out an open breaker.
/// A launch ends once its worker is established (handshake + one job served, or <c>HealthyAfterSeconds</c> alive), so
/// the half-open probe succeeds then, not at the end of the probe worker's life.
/// </summary>
public sealed class WorkerRestartPipelineFactory(IOptions<SupervisorOptions> options, TimeProvider time)
{
    public const string PipelineName = "worker-restart";
    public const string BreakerName = "worker-breaker";

    /// <param name="breakerControl">Lets an operator close the breaker of a faulted slot by hand.</param>
    public ResiliencePipeline<SlotOutcome> CreateBreaker(IWorkerRestartObserver observer, CircuitBreakerManualControl? breakerControl = null)
    {
        var r = options.Value.Resilience;
        return new ResiliencePipelineBuilder<SlotOutcome> { Name = BreakerName, InstanceName = observer.WorkerId, TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<SlotOutcome>
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
                    { Result.Kind: SlotOutcomeKind.Failure } => true,
                    _ => false,
                }),
                OnOpened = args =>
                {
                    observer.OnBreakerOpened(args.BreakDuration, args.Outcome.Result?.Detail ?? args.Outcome.Exception?.Message);
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

    public ResiliencePipeline<SlotOutcome> CreateRestart(IWorkerRestartObserver observer)
    {
        var r = options.Value.Resilience;
        return new ResiliencePipelineBuilder<SlotOutcome> { Name = PipelineName, InstanceName = observer.WorkerId, TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<SlotOutcome>
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
                    { Result.Kind: SlotOutcomeKind.Failure } => true,
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
            .Build();
    }
}

/// <summary>What a slot's pipelines tell their slot.</summary>
public interface IWorkerRestartObserver
{
    string WorkerId { get; }
    void OnRestartScheduled(TimeSpan delay, int attempt, Exception? exception);
    void OnBreakerOpened(TimeSpan breakDuration, string? lastFailure);
    void OnBreakerHalfOpened();
    void OnBreakerClosed();
}
