using FastEndpoints;
using SdSupervised.Supervisor.Generation.Presets;

namespace SdSupervised.Supervisor.Api.Presets;

public sealed class GetPresetRequest
{
    public string Name { get; set; } = "";
}

/// <summary><c>GET /api/presets/{name}</c>: one preset's fields and values; 400 for a name that is a path, 404 for none.</summary>
public sealed class GetPresetEndpoint(PresetLibrary presets) : Endpoint<GetPresetRequest, PresetDetail>
{
    public override void Configure()
    {
        Get("/presets/{name}");
        Group<ApiGroup>();
        Summary(s => s.Summary = "Get a preset: the fields it sets with their values (an invalid file is shown with valid: false and the reason)");
    }

    public override async Task HandleAsync(GetPresetRequest req, CancellationToken ct)
    {
        if (CatalogTextNames.Problem(req.Name, "preset") is { } bad)
        {
            await Send.ResultAsync(ApiResults.BadRequest(bad));
            return;
        }
        if (await presets.FindAsync(req.Name, ct) is not { } preset)
        {
            await Send.ResultAsync(ApiResults.NotFound($"preset '{req.Name}' is not in the catalog ({await presets.KnownAsync(ct)})."));
            return;
        }
        await Send.OkAsync(PresetDetail.Of(preset), ct);
    }
}
