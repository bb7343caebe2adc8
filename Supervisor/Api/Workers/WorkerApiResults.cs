using Microsoft.AspNetCore.Http.HttpResults;
using SdSupervised.Supervisor.Cluster;

namespace SdSupervised.Supervisor.Api.Workers;

/// <summary>The worker endpoints' refusals in the API's one error shape.</summary>
public static class WorkerApiResults
{
    /// <summary>404 for a worker no node has; 409 <c>worker_on_other_node</c> for another node's worker (manage it there).</summary>
    public static JsonHttpResult<ApiError> UnknownWorker(string workerId, ClusterView cluster) => cluster.OwnerOf(workerId) is { } owner
        ? OnOtherNode(workerId, owner)
        : ApiResults.NotFound($"no worker '{workerId}' (GET /api/workers lists them)");

    public static JsonHttpResult<ApiError> OnOtherNode(string workerId, ClusterMember owner) =>
        ApiResults.Error(StatusCodes.Status409Conflict, "worker_on_other_node",
            $"worker '{workerId}' belongs to node '{owner.Id}'" + (owner.Address is { Length: > 0 } address ? $" at {address}" : " (no address registered)")
            + "; send this request to that node's API");

    public static JsonHttpResult<ApiError> AlreadyRestarting(string workerId) =>
        ApiResults.Conflict($"worker '{workerId}' is already restarting");

    /// <summary>
    /// The refusal of a worker command run where the worker lives (<see cref="WorkerCommandRouter"/>): 404 unknown,
    /// 409 already restarting (or another node's, when this node cannot reach the cluster's commands), 504 when the
    /// owning node did not run it in time; null when it was done.
    /// </summary>
    public static JsonHttpResult<ApiError>? Refusal(RoutedWorkerCommand routed, string workerId, ClusterView cluster) => routed switch
    {
        { Result: null, Owner: { } owner } => ApiResults.Error(StatusCodes.Status504GatewayTimeout, "worker_command_timeout",
            $"node '{owner.Id}' did not run the command for worker '{workerId}' within the wait (Sds:Cluster:CommandTimeoutSeconds; command {routed.CommandId:N}); " +
            "it was dropped and will not run later: check that the node is alive (GET /api/status) and retry"),
        { Result: Operations.WorkerCommandResult.NotFound, Owner: { } owner } => ApiResults.NotFound($"node '{owner.Id}' has no worker '{workerId}' (GET /api/workers lists them)"),
        { Result: { } result } => Refusal(result, workerId, cluster),
        _ => ApiResults.NotFound($"no worker '{workerId}' (GET /api/workers lists them)"),
    };

    /// <summary>The refusal of a worker command (404 unknown, 409 another node's or already restarting), or null when it was done.</summary>
    public static JsonHttpResult<ApiError>? Refusal(Operations.WorkerCommandResult result, string workerId, ClusterView cluster) => result switch
    {
        Operations.WorkerCommandResult.NotFound => UnknownWorker(workerId, cluster),
        Operations.WorkerCommandResult.AlreadyRestarting => AlreadyRestarting(workerId),
        _ => null,
    };
}
