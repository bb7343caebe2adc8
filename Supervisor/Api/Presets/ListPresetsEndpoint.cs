using FastEndpoints;
using SdSupervised.Supervisor.Generation.Presets;

namespace SdSupervised.Supervisor.Api.Presets;

/// <summary><c>GET /api/presets</c>: the presets/ files, each with the fields it sets and the requests it fits.</summary>
public sealed class ListPresetsEndpoint(PresetLibrary presets) : EndpointWithoutRequest<PresetListResponse>
{
    public override void Configure()
    {
        Get("/presets");
        Group<ApiGroup>();
        Summary(s => s.Summary = "Presets (presets/*.json|yaml|yml): name, description, the fields each sets, the requests it fits (applies_to), and why not when it fits none");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var all = await presets.ListAsync(ct);
        await Send.OkAsync(new PresetListResponse([.. all.Select(PresetSummary.Of)], all.Count), ct);
    }
}
