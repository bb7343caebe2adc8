namespace SdSupervised.Supervisor.Events;

/// <summary>What opening a job's event stream found.</summary>
public enum JobEventStreamOutcome
{
    /// <summary>No such job.</summary>
    NotFound,
    /// <summary>The job has finished and the client already has its final event: nothing to send (HTTP 204 stops an EventSource).</summary>
    NothingNew,
    /// <summary>Stream: the subscription's replay, then <see cref="JobEventStreamOpening.KnownFinal"/> if set, then live events.</summary>
    Stream,
}

/// <summary>The result of <see cref="JobEventStreams.OpenAsync"/>; the caller owns (disposes) the subscription.</summary>
public sealed record JobEventStreamOpening(JobEventStreamOutcome Outcome, EventSubscription? Subscription = null, ServerEvent? KnownFinal = null);
