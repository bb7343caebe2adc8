using System.Text.Json.Serialization;
using FastEndpoints;
using SdSupervised.Supervisor.Api.System;
using SdSupervised.Supervisor.Cluster;
using SdSupervised.Supervisor.Status;

namespace SdSupervised.Supervisor.Api.Workers;

/// <param name="Workers">This node's worker slots, as in /api/status.</param>
/// <param name="Nodes">In a cluster, the other nodes with their workers' ids (read-only here: manage them on their node); absent on SQLite.</param>
public sealed record WorkersResponse(
    IReadOnlyList<WorkerResponse> Workers,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ClusterNodeResponse>? Nodes = null);

/// <summary><c>GET /api/workers</c>: every worker slot of this node, as in /api/status, and in a cluster the other nodes' workers.</summary>
public sealed class ListWorkersEndpoint(StatusReporter reporter, ClusterView cluster) : EndpointWithoutRequest<WorkersResponse>
{
    public override void Configure()
    {
        Get("/workers");
        Group<ApiGroup>();
        Summary(s => s.Summary = "Worker slots");
    }

    public override Task HandleAsync(CancellationToken ct) =>
        Send.OkAsync(new WorkersResponse(
            reporter.GetStatus().Workers.Select(WorkerResponse.From).ToList(),
            cluster.IsCluster ? [.. cluster.OtherMembers.Select(ClusterNodeResponse.From)] : null), ct);
}
