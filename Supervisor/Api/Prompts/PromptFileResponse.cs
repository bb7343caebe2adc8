using System.Text.Json.Serialization;
using SdSupervised.Supervisor.Generation.Presets;

namespace SdSupervised.Supervisor.Api.Prompts;

/// <summary>One prompts/ or neg_prompts/ file: its name, file, and text (null with the reason when it cannot be read).</summary>
public sealed record PromptFileResponse(string Name, string File, string? Text, bool Valid,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error)
{
    public static PromptFileResponse Of(PromptFile file) => new(file.Name, file.File, file.Text, file.IsValid, file.Error);
}

public sealed record PromptListResponse(IReadOnlyList<PromptFileResponse> Prompts, int Count);

public sealed class PromptNameRequest
{
    public string Name { get; set; } = "";
}
