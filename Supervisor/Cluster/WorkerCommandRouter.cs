using SdSupervised.Supervisor.Jobs.Postgres;
using SdSupervised.Supervisor.Operations;

namespace SdSupervised.Supervisor.Cluster;

/// <summary>
/// How a worker management command ended: <see cref="Result"/> as the owning node's <see cref="WorkerManagement"/>
/// returned it, or null when that node did not answer in time; <see cref="Owner"/> and <see cref="CommandId"/> are set
/// when the worker is another node's.
/// </summary>
public sealed record RoutedWorkerCommand(WorkerCommandResult? Result, ClusterMember? Owner = null, Guid? CommandId = null);

/// <summary>
/// Runs a worker management command where the worker lives: on this node's own slot (<c>w0</c>, or
/// <c>w0@this-node</c>), else, in a cluster, on the node that owns it, through the database
/// (<see cref="RemoteWorkerCommands"/>). The routes answer from the result alike either way.
/// </summary>
public sealed class WorkerCommandRouter(WorkerManagement workers, ClusterView cluster, RemoteWorkerCommands? remote = null)
{
    public async Task<RoutedWorkerCommand> RunAsync(string workerId, WorkerCommandKind kind, CancellationToken cancellationToken)
    {
        var local = Run(workerId, kind);
        if (local == WorkerCommandResult.NotFound && cluster.NodeId is { } self && workerId.EndsWith("@" + self, StringComparison.Ordinal))
            local = Run(ClusterMember.LocalWorkerId(workerId), kind);
        if (local != WorkerCommandResult.NotFound || remote is null || cluster.OwnerOf(workerId) is not { } owner)
            return new RoutedWorkerCommand(local);
        var outcome = await remote.SendAsync(owner, workerId, kind, cancellationToken);
        return new RoutedWorkerCommand(outcome.Result, owner, outcome.CommandId);
    }

    private WorkerCommandResult Run(string workerId, WorkerCommandKind kind) => kind switch
    {
        WorkerCommandKind.Drain => workers.Drain(workerId),
        WorkerCommandKind.Enable => workers.Enable(workerId),
        WorkerCommandKind.Restart => workers.Restart(workerId),
        _ => WorkerCommandResult.NotFound,
    };
}
