namespace SdSupervised.Supervisor.Jobs.Postgres;

/// <summary>One supervisor of the cluster as it registered itself (the nodes table); <see cref="LoadedModels"/>: worker id to the model it holds.</summary>
public sealed record ClusterNode(
    string Id,
    string? Address,
    string? Version,
    IReadOnlyList<string> Workers,
    DateTimeOffset StartedAt,
    DateTimeOffset LastSeen,
    IReadOnlyDictionary<string, string>? LoadedModels = null);
