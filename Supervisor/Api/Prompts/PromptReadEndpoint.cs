using FastEndpoints;
using SdSupervised.Supervisor.Generation.Presets;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Api.Prompts;

/// <summary>What the read endpoints of prompts/ and neg_prompts/ share: one file by name; 400 for a path, 404 for none.</summary>
public abstract class PromptReadEndpoint(PromptLibrary prompts, ModelType type) : Endpoint<PromptNameRequest, PromptFileResponse>
{
    public override async Task HandleAsync(PromptNameRequest req, CancellationToken ct)
    {
        var what = PromptLibrary.Describe(type);
        if (CatalogTextNames.Problem(req.Name, what) is { } bad)
        {
            await Send.ResultAsync(ApiResults.BadRequest(bad));
            return;
        }
        if (await prompts.FindAsync(type, req.Name, ct) is not { } file)
        {
            await Send.ResultAsync(ApiResults.NotFound($"{what} '{req.Name}' is not in the catalog ({await prompts.KnownAsync(type, ct)})."));
            return;
        }
        await Send.OkAsync(PromptFileResponse.Of(file), ct);
    }
}
