namespace SdSupervised.Supervisor.Jobs.Postgres;

/// <summary>What a node says about itself at each lease renewal; <see cref="LoadedModels"/>: worker id to the model it holds.</summary>
public sealed record ClusterNodeInfo(
    string? Address,
    string? Version,
    IReadOnlyList<string> Workers,
    DateTimeOffset StartedAt,
    IReadOnlyDictionary<string, string>? LoadedModels = null);
