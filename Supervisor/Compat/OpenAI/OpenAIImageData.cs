using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>One image of an images response: exactly one of <see cref="B64Json"/> and <see cref="Url"/> is set.</summary>
public sealed record OpenAIImageData(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? B64Json,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RevisedPrompt = null);
