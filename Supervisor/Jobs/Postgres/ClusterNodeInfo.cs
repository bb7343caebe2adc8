namespace SdSupervised.Supervisor.Jobs.Postgres;

/// <summary>What a node says about itself at each lease renewal.</summary>
public sealed record ClusterNodeInfo(string? Address, string? Version, IReadOnlyList<string> Workers, DateTimeOffset StartedAt);
