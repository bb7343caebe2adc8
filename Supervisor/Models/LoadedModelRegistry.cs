using System.Collections.Concurrent;
using SdSupervised.Contracts;

namespace SdSupervised.Supervisor.Models;

/// <summary>
/// The companions each model id was last resolved with, so /api/status can show what a worker holds beside the
/// model itself. Paths are shown relative to the models directory.
/// </summary>
public sealed class LoadedModelRegistry
{
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _companions = new(StringComparer.Ordinal);

    public void Record(ModelLoadSpec spec, string modelsRoot)
    {
        var companions = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Add(string name, string? path)
        {
            if (!string.IsNullOrEmpty(path))
                companions[name] = Relative(path, modelsRoot);
        }
        Add("model_path", spec.ModelPath);
        Add("diffusion_model_path", spec.DiffusionModelPath);
        Add("vae", spec.VaePath);
        Add("taesd", spec.TaesdPath);
        Add("clip_l", spec.ClipLPath);
        Add("clip_g", spec.ClipGPath);
        Add("t5xxl", spec.T5xxlPath);
        Add("llm", spec.LlmPath);
        Add("control_net", spec.ControlNetPath);
        Add("photo_maker", spec.PhotoMakerPath);
        foreach (var embedding in spec.Embeddings)
            Add($"embedding:{embedding.Name}", embedding.Path);
        _companions[spec.ModelId] = companions;
    }

    /// <summary>The files loaded for <paramref name="modelId"/>, or null when it was not resolved by the catalog.</summary>
    public IReadOnlyDictionary<string, string>? Companions(string? modelId) =>
        modelId is not null && _companions.TryGetValue(modelId, out var c) ? c : null;

    private static string Relative(string path, string root)
    {
        var relative = Path.GetRelativePath(root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}
