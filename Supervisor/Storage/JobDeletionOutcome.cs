namespace SdSupervised.Supervisor.Storage;

public enum JobDeletionOutcome
{
    /// <summary>The job's row, outputs and inputs are gone.</summary>
    Deleted,
    NotFound,
    /// <summary>Queued or running: its files are in use; it must be cancelled (and finish) first.</summary>
    Active,
}
