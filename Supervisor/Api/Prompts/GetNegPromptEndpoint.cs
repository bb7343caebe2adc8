using SdSupervised.Supervisor.Generation.Presets;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Api.Prompts;

/// <summary><c>GET /api/neg-prompts/{name}</c>: one of the negative prompt templates (neg_prompts/*.txt|json), usable as negative_prompt_preset, by file name without extension.</summary>
public sealed class GetNegPromptEndpoint(PromptLibrary prompts) : PromptReadEndpoint(prompts, ModelType.NegPrompts)
{
    public override void Configure()
    {
        Get("/neg-prompts/{name}");
        Group<ApiGroup>();
        Summary(s => s.Summary = "Get one of the negative prompt templates (neg_prompts/*.txt|json), usable as negative_prompt_preset by name");
    }
}
