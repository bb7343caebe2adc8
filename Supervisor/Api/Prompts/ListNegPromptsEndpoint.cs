using SdSupervised.Supervisor.Generation.Presets;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Api.Prompts;

/// <summary><c>GET /api/neg-prompts</c>: the negative prompt templates (neg_prompts/*.txt|json), usable as negative_prompt_preset, with their text.</summary>
public sealed class ListNegPromptsEndpoint(PromptLibrary prompts) : PromptListEndpoint(prompts, ModelType.NegPrompts)
{
    public override void Configure()
    {
        Get("/neg-prompts");
        Group<ApiGroup>();
        Summary(s => s.Summary = "List the negative prompt templates (neg_prompts/*.txt|json), usable as negative_prompt_preset, with their text");
    }
}
