using SdSupervised.Supervisor.Generation.Presets;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Api.Prompts;

/// <summary><c>GET /api/prompts/{name}</c>: one of the prompt templates (prompts/*.txt|json), by file name without extension.</summary>
public sealed class GetPromptEndpoint(PromptLibrary prompts) : PromptReadEndpoint(prompts, ModelType.Prompts)
{
    public override void Configure()
    {
        Get("/prompts/{name}");
        Group<ApiGroup>();
        Summary(s => s.Summary = "Get one of the prompt templates (prompts/*.txt|json) by name");
    }
}
