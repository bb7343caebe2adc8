using FastEndpoints;
using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Models.Detection;
using SdSupervised.Supervisor.Models.Headers;

namespace SdSupervised.Supervisor.Api.Models;

public sealed record ModelStatsResponse(
    int Total, long TotalSize, int Valid, int Invalid, int Unknown, int Loadable,
    IReadOnlyDictionary<string, int> ByType, IReadOnlyDictionary<string, int> ByArchitecture,
    bool Scanning, ScanStatsResponse? LastScan, string ModelsDir);

/// <summary><c>GET /api/models/stats</c>: counts by type and architecture, sizes, and the last scan.</summary>
public sealed class ModelStatsEndpoint(ModelCatalog catalog) : EndpointWithoutRequest<ModelStatsResponse>
{
    public override void Configure()
    {
        Get("/models/stats");
        Group<ApiGroup>();
        Summary(s => s.Summary = "Catalog statistics");
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        var snapshot = catalog.Current;
        var entries = snapshot.Entries;
        return Send.OkAsync(new ModelStatsResponse(
            entries.Count,
            entries.Sum(e => e.Size),
            entries.Count(e => e.IsValid),
            entries.Count(e => !e.IsValid),
            entries.Count(e => e.IsValid && e.Detection.Architecture == ModelArchitecture.Unknown && e.Format != ModelFileFormat.Text),
            entries.Count(e => CompanionResolver.BuildSpec(e, out _) is not null),
            entries.GroupBy(e => ModelLayout.TypeName(e.Type)).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()),
            entries.GroupBy(e => e.Architecture.Id).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()),
            catalog.Scanning || snapshot.LastScan is null,
            ScanStatsResponse.From(snapshot.LastScan),
            snapshot.Root), ct);
    }
}
