namespace SdSupervised.Supervisor.Generation.Sync;

/// <summary>Why a synchronous request was refused before any job ran; each family maps a kind to its own wire format.</summary>
public enum RefusalKind
{
    /// <summary>The request itself is wrong (a field out of range, an unknown model…); retrying it unchanged cannot help.</summary>
    Invalid,
    /// <summary>The queue is full (<c>Sds:Limits:MaxQueueLength</c>); retry after <see cref="SubmitError.RetryAfter"/>.</summary>
    QueueFull,
    /// <summary>The caller holds too many jobs already (guest limits); retry later.</summary>
    TooManyJobs,
    /// <summary>The server is shutting down; retry against it (or another) later.</summary>
    ShuttingDown,
    /// <summary>The data disk is too full to store the result; retry after space is freed.</summary>
    StorageFull,
    /// <summary>No worker can run the request (no worker for the model, or too large for every device).</summary>
    NoCapableWorker,
}

public static class RefusalKinds
{
    /// <summary>The kind of a <see cref="SubmitError"/>, told by its code (not by its HTTP status).</summary>
    public static RefusalKind Of(SubmitError error) => error.Code switch
    {
        "queue_full" => RefusalKind.QueueFull,
        "too_many_jobs" => RefusalKind.TooManyJobs,
        "shutting_down" => RefusalKind.ShuttingDown,
        Storage.StorageGuard.ErrorCode => RefusalKind.StorageFull,
        "no_worker_for_model" or "too_large_for_devices" => RefusalKind.NoCapableWorker,
        _ => RefusalKind.Invalid,
    };
}
