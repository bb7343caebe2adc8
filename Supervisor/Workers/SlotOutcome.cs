namespace SdSupervised.Supervisor.Workers;

/// <summary>What the slot's circuit breaker is told. Only <see cref="SlotOutcomeKind.Failure"/> counts against the slot.</summary>
public enum SlotOutcomeKind
{
    /// <summary>A new worker completed its handshake and then served a job, or lived <c>HealthyAfterSeconds</c>.</summary>
    Established,
    /// <summary>A job completed (or failed cleanly) on the slot's worker.</summary>
    JobServed,
    /// <summary>The slot could not run: start or handshake failed, or the worker died idle or under a job's first crash.</summary>
    Failure,
    /// <summary>The worker ended in a way that says nothing about the slot: a kill of ours, or a job that crashed before.</summary>
    NotCounted,
}

/// <summary>One outcome for the breaker, with what a person reads about a failure.</summary>
public sealed record SlotOutcome(SlotOutcomeKind Kind, string? Detail = null)
{
    public static readonly SlotOutcome JobServed = new(SlotOutcomeKind.JobServed);
}
