namespace SdSupervised.Supervisor.Models;

/// <summary>One page of a listing and how many entries matched in all.</summary>
public sealed record ModelPage(IReadOnlyList<ModelEntry> Entries, int Total, int Page, int Limit)
{
    public int Pages => Limit <= 0 ? 0 : (Total + Limit - 1) / Limit;
}
