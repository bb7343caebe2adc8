using SdSupervised.Supervisor.Auth;
using FastEndpoints;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Api.Models;

public sealed class RefreshModelsRequest
{
    /// <summary>Answer when the scan is done (at most 60 s) instead of at once.</summary>
    public bool Wait { get; set; }
}

public sealed record RefreshModelsResponse(string Status, int? Models, ScanStatsResponse? Scan);

public sealed record ScanStatsResponse(DateTimeOffset At, double DurationMs, bool DirectoryExists, int Files, int HeadersRead, int FromCache, int Invalid, IReadOnlyList<string> Skipped)
{
    public static ScanStatsResponse? From(ScanStats? s) =>
        s is null ? null : new(s.At, Math.Round(s.Duration.TotalMilliseconds, 1), s.DirectoryExists, s.Files, s.HeadersRead, s.FromCache, s.Invalid, s.Skipped);
}

/// <summary><c>POST /api/models/refresh</c>: rescan the models directory in the background (202), or wait for it with <c>wait</c>.</summary>
public sealed class RefreshModelsEndpoint(ModelCatalog catalog) : Endpoint<RefreshModelsRequest, RefreshModelsResponse>
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    public override void Configure()
    {
        Post("/models/refresh");
        // The body is optional: a bare `curl -XPOST` must work too.
        Description(b => b.ClearDefaultAccepts().Produces<RefreshModelsResponse>(StatusCodes.Status200OK).Produces<RefreshModelsResponse>(StatusCodes.Status202Accepted));
        Group<ApiGroup>();
        Policies(AuthPolicies.Admin);
        Summary(s => s.Summary = "Rescan the models directory");
    }

    public override async Task HandleAsync(RefreshModelsRequest req, CancellationToken ct)
    {
        var scan = catalog.RequestScan();
        if (req.Wait)
        {
            try
            {
                var snapshot = await scan.WaitAsync(MaxWait, ct);
                await Send.OkAsync(new RefreshModelsResponse("done", snapshot.Entries.Count, ScanStatsResponse.From(snapshot.LastScan)), ct);
                return;
            }
            catch (TimeoutException)
            {
            }
        }
        await Send.ResponseAsync(new RefreshModelsResponse("scanning", null, null), StatusCodes.Status202Accepted, ct);
    }
}
