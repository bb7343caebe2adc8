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
}
