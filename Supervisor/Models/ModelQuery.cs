namespace SdSupervised.Supervisor.Models;

/// <summary>A listing request: filters, order and page (1-based).</summary>
public sealed record ModelQuery
{
    public ModelType? Types { get; init; }
    public string? Architecture { get; init; }
    public string? Search { get; init; }
    public ModelSort SortBy { get; init; } = ModelSort.Name;
    public bool Descending { get; init; }
    public int Page { get; init; } = 1;
    public int Limit { get; init; } = 50;
}
