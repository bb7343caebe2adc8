namespace SdSupervised.Supervisor.Operations;

/// <summary>What became of an operator's command to a worker slot.</summary>
public enum WorkerCommandResult
{
    Done,
    NotFound,
    AlreadyRestarting,
}
