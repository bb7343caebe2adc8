using System.Text.Json.Serialization;
using SdSupervised.Supervisor.Cluster;

namespace SdSupervised.Supervisor.Api.System;

/// <summary>
/// The cluster in /api/status: the store, and on PostgreSQL this node's id and every node of the nodes table as
/// last read (node id and nodes are absent on SQLite).
/// </summary>
public sealed record ClusterResponse(
    string Store,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NodeId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ClusterNodeResponse>? Nodes)
{
    public static ClusterResponse From(ClusterView cluster) => cluster.NodeId is { } nodeId
        ? new("postgres", nodeId, [.. cluster.Members.Select(ClusterNodeResponse.From)])
        : new("sqlite", null, null);
}

/// <summary>
/// One node as it registered itself; <c>alive</c>: seen within two leases of the reading; <c>loaded_models</c>: worker id
/// to the model it held at the node's last renewal.
/// </summary>
public sealed record ClusterNodeResponse(
    string Id, string? Address, string? Version, IReadOnlyList<string> Workers, DateTimeOffset LastSeen, DateTimeOffset StartedAt, bool Alive,
    IReadOnlyDictionary<string, string> LoadedModels)
{
    public static ClusterNodeResponse From(ClusterMember m) =>
        new(m.Id, m.Address, m.Version, m.Workers, m.LastSeen, m.StartedAt, m.Alive, m.LoadedModels ?? new Dictionary<string, string>());
}
