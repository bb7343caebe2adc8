using SdSupervised.Contracts;

namespace SdSupervised.Worker.Faults;

/// <summary>
/// Test-only load failures of the synthetic engine, by path kind, in a worker started with --allow-fault-injection:
/// a weights file whose name contains <see cref="NotAsModelPath"/> fails to load as <c>model_path</c>, one whose
/// name contains <see cref="NotAsDiffusionModelPath"/> fails as <c>diffusion_model_path</c> (both: fails either way).
/// Without the flag the markers mean nothing. The messages read like the native engine's.
/// </summary>
public static class LoadPathFaults
{
    public const string NotAsModelPath = "sds-fault-not-model-path";
    public const string NotAsDiffusionModelPath = "sds-fault-not-diffusion-model-path";

    /// <summary>Why <paramref name="spec"/> fails to load, or null when it loads.</summary>
    public static string? Check(ModelLoadSpec spec, bool enabled)
    {
        if (!enabled)
            return null;
        if (Marked(spec.ModelPath, NotAsModelPath))
            return $"the library could not load model {spec.ModelId} (new_sd_ctx returned NULL): get sd version from file failed: '{spec.ModelPath}' (injected: {NotAsModelPath})";
        if (Marked(spec.DiffusionModelPath, NotAsDiffusionModelPath))
            return $"the library could not load model {spec.ModelId} (new_sd_ctx returned NULL): unknown diffusion model tensors in '{spec.DiffusionModelPath}' (injected: {NotAsDiffusionModelPath})";
        return null;
    }

    private static bool Marked(string? path, string marker) =>
        !string.IsNullOrEmpty(path) && Path.GetFileName(path).Contains(marker, StringComparison.OrdinalIgnoreCase);
}
