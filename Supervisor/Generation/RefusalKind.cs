namespace SdSupervised.Supervisor.Generation;

/// <summary>
/// Why a submission was refused before any job ran, as the services say it: no HTTP status. Each family maps a kind
/// to its own status in one place (<c>SeedRefusalStatus</c>, <c>A1111Errors.StatusOf</c>, <c>OpenAIErrors.StatusOf</c>).
/// </summary>
public enum RefusalKind
{
    /// <summary>The request itself is wrong (a field out of range, an unknown model…); retrying it unchanged cannot help.</summary>
    Invalid,
    /// <summary>Something the request names does not exist.</summary>
    NotFound,
    /// <summary>Well-formed but unusable here (a video model without its companions, no ffmpeg for the MP4).</summary>
    Unprocessable,
    /// <summary>No worker can run the request (no worker may load the model, or it is too large for every device).</summary>
    NoCapableWorker,
    /// <summary>The queue is full (<c>Sds:Limits:MaxQueueLength</c>); retry after <see cref="SubmitError.RetryAfter"/>.</summary>
    QueueFull,
    /// <summary>The caller holds too many jobs already (guest limits); retry later.</summary>
    TooManyJobs,
    /// <summary>The server is shutting down; retry against it (or another) later.</summary>
    ShuttingDown,
    /// <summary>The data disk is too full to store the result; retry after space is freed.</summary>
    StorageFull,
}
