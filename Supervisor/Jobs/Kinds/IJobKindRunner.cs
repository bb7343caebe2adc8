namespace SdSupervised.Supervisor.Jobs.Kinds;

/// <summary>
/// The work of one kind of job (<see cref="JobRequest"/> type) inside an attempt: everything between the start write
/// and the finish write. <see cref="JobRunner"/> owns the attempt around it (the start, the watchdogs, crashes, hangs,
/// cancels, requeues and the finish), so a kind runner only says how its attempt ended. Crashes, hangs and cancels
/// leave it as exceptions, exactly as from any worker call.
/// </summary>
public interface IJobKindRunner
{
    /// <summary>The request type it runs; exactly one runner per type (checked by <see cref="JobKindRunners"/>).</summary>
    Type RequestType { get; }

    Task<KindOutcome> RunAsync(KindAttempt attempt, CancellationToken cancellationToken);
}

/// <summary>A runner of <typeparamref name="TRequest"/> jobs, handed the request already typed.</summary>
public abstract class JobKindRunner<TRequest> : IJobKindRunner where TRequest : JobRequest
{
    public Type RequestType => typeof(TRequest);

    public Task<KindOutcome> RunAsync(KindAttempt attempt, CancellationToken cancellationToken) =>
        RunAsync(attempt, attempt.Job.RequestAs<TRequest>(), cancellationToken);

    protected abstract Task<KindOutcome> RunAsync(KindAttempt attempt, TRequest request, CancellationToken cancellationToken);
}
