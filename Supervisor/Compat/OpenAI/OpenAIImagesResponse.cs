using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>
/// The body of <c>/v1/images/generations</c> and <c>/v1/images/edits</c> as OpenAI's client libraries parse it:
/// <c>created</c> in unix seconds, <c>data</c>, and gpt-image-1's <c>output_format</c> and <c>size</c>.
/// </summary>
public sealed record OpenAIImagesResponse(
    long Created,
    IReadOnlyList<OpenAIImageData> Data,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OutputFormat,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Size)
{
    /// <summary>Request fields this server does not read (OpenAI's quality or style, a typo); absent when none. The SDKs keep unknown keys.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? IgnoredFields { get; init; }
}
