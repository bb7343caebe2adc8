namespace SdSupervised.Supervisor.Jobs;

public enum CancelOutcome
{
    NotFound,
    AlreadyFinished,
    /// <summary>It was queued and is now cancelled.</summary>
    Cancelled,
    /// <summary>It is running; the worker was asked to stop and the job will end cancelled.</summary>
    Cancelling,
}
