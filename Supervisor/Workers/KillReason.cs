namespace SdSupervised.Supervisor.Workers;

/// <summary>Why the supervisor itself ended a worker; <see cref="None"/> means it died on its own.</summary>
public enum KillReason
{
    None,
    /// <summary>No progress or no ping answer in time.</summary>
    Hang,
    /// <summary>The handshake did not complete in time.</summary>
    HandshakeTimeout,
    /// <summary>A cancelled job did not stop within the grace period.</summary>
    Cancel,
    /// <summary>Supervisor shutdown.</summary>
    Stop,
    /// <summary>An operator asked for a restart.</summary>
    Restart,
    /// <summary>A proactive recycle between jobs (job count, age or device memory).</summary>
    Recycle,
}
