using SdSupervised.Supervisor.Generation.Presets;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Api.Prompts;

/// <summary><c>GET /api/prompts</c>: the prompt templates (prompts/*.txt|json), with their text.</summary>
public sealed class ListPromptsEndpoint(PromptLibrary prompts) : PromptListEndpoint(prompts, ModelType.Prompts)
{
    public override void Configure()
    {
        Get("/prompts");
        Group<ApiGroup>();
        Summary(s => s.Summary = "List the prompt templates (prompts/*.txt|json), with their text");
    }
}
