using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary><c>GET /sdapi/v1/prompt-styles</c> item (none here: this server keeps no styles file).</summary>
public sealed record A1111PromptStyle(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("prompt")] string? Prompt,
    [property: JsonPropertyName("negative_prompt")] string? NegativePrompt);
