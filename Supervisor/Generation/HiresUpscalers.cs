namespace SdSupervised.Supervisor.Generation;

/// <summary>The pinned library's hires-fix upscalers (<c>sd_hires_upscaler_t</c>); any other name is an ESRGAN model ("Model").</summary>
public static class HiresUpscalers
{
    public const string ModelUpscaler = "Model";

    public static readonly IReadOnlyList<string> Names =
    [
        "None", "Latent", "Latent (nearest)", "Latent (nearest-exact)", "Latent (antialiased)", "Latent (bicubic)",
        "Latent (bicubic antialiased)", "Lanczos", "Nearest",
    ];

    /// <summary>The library's spelling of a built-in upscaler (case-insensitive), or null when the name must be a model.</summary>
    public static string? BuiltIn(string name) => Names.FirstOrDefault(n => string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase));
}
