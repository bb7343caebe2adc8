namespace SdSupervised.Supervisor.Workers;

/// <summary>States of a worker slot (ARCHITECTURE §4). Serialized as snake_case in the API.</summary>
public enum WorkerState
{
    Starting,
    Idle,
    Loading,
    Busy,
    /// <summary>The worker died or could not start; waiting out the backoff or launching again.</summary>
    Restarting,
    /// <summary>Circuit breaker open: too many failures in the window. A half-open probe follows later.</summary>
    Faulted,
    Stopped,
}
