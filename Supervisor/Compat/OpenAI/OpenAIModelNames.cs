namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>
/// OpenAI's own model names. Clients often hard-code them (and the .NET client always sends one), so they mean "this
/// server's default model" rather than an unknown model.
/// </summary>
public static class OpenAIModelNames
{
    private static readonly HashSet<string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        "dall-e-2", "dall-e-3", "gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5",
    };

    /// <summary>The catalog model to ask for: null (the default) for no name or an OpenAI name, else the name as given.</summary>
    public static string? ToCatalogReference(string? model)
    {
        var trimmed = model?.Trim();
        return string.IsNullOrEmpty(trimmed) || IsOpenAIModel(trimmed) ? null : trimmed;
    }

    public static bool IsOpenAIModel(string name) => Aliases.Contains(name);

    /// <summary>
    /// What OpenAI answers when <c>response_format</c> is left out: a URL for the DALL-E models, base64 for the GPT image
    /// models (which have no URLs). No model is OpenAI's default, dall-e-2, unless a GPT-image-only parameter
    /// (<c>output_format</c>, <c>output_compression</c>) says gpt-image-1, as OpenAI decides it. A model of this
    /// server's catalog gets base64, as it always has here: such a client never spoke to OpenAI.
    /// </summary>
    public static OpenAIResponseFormat DefaultResponseFormat(string? model, bool gptImageOnly)
    {
        var trimmed = model?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            return gptImageOnly ? OpenAIResponseFormat.B64Json : OpenAIResponseFormat.Url;
        return trimmed.StartsWith("dall-e-", StringComparison.OrdinalIgnoreCase) && IsOpenAIModel(trimmed)
            ? OpenAIResponseFormat.Url
            : OpenAIResponseFormat.B64Json;
    }
}
