namespace SdSupervised.Supervisor.Jobs.Postgres;

/// <summary>One supervisor of the cluster as it registered itself (the nodes table).</summary>
public sealed record ClusterNode(
    string Id,
    string? Address,
    string? Version,
    IReadOnlyList<string> Workers,
    DateTimeOffset StartedAt,
    DateTimeOffset LastSeen);
