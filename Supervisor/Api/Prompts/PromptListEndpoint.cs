using FastEndpoints;
using SdSupervised.Supervisor.Generation.Presets;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Api.Prompts;

/// <summary>What the list endpoints of prompts/ and neg_prompts/ share: the files of one type with their text.</summary>
public abstract class PromptListEndpoint(PromptLibrary prompts, ModelType type) : EndpointWithoutRequest<PromptListResponse>
{
    public override async Task HandleAsync(CancellationToken ct)
    {
        var files = await prompts.ListAsync(type, ct);
        await Send.OkAsync(new PromptListResponse([.. files.Select(PromptFileResponse.Of)], files.Count), ct);
    }
}
