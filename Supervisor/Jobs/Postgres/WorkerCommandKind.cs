namespace SdSupervised.Supervisor.Jobs.Postgres;

/// <summary>The worker management routes one node can ask of another's worker (the <c>command</c> column).</summary>
public enum WorkerCommandKind
{
    Drain,
    Enable,
    Restart,
}
