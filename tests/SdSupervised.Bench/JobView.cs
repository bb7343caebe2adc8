namespace SdSupervised.Bench;

/// <summary>One job of <c>GET /api/queue/job/{id}</c>, as far as the benchmarks need it.</summary>
public sealed record JobView(
    string Id,
    string Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? Error)
{
    public bool IsTerminal => Status is "completed" or "failed" or "cancelled";
}
