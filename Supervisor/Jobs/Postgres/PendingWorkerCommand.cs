namespace SdSupervised.Supervisor.Jobs.Postgres;

/// <summary>A worker command row waiting for the node that owns the worker; <see cref="WorkerId"/> is that node's own id for it (no <c>@node</c>); <see cref="Kind"/> null for a command this build does not know.</summary>
public sealed record PendingWorkerCommand(Guid Id, string WorkerId, WorkerCommandKind? Kind);
