namespace SdSupervised.Supervisor.Events;

/// <summary>Why <see cref="EventStreamer"/> stopped writing.</summary>
public enum EventStreamEnd
{
    /// <summary>The job's final event was sent (job streams only).</summary>
    JobFinished,
    /// <summary>The client fell too far behind and was cut off; it resumes with Last-Event-ID.</summary>
    Overflowed,
    /// <summary>The client went away or the server is stopping.</summary>
    Cancelled,
}
