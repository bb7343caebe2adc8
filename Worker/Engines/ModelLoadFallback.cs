using SdSupervised.Contracts;

namespace SdSupervised.Worker.Engines;

/// <summary>
/// The seed's fallback for a model of unknown architecture (<see cref="ModelLoadSpec.FallbackToDiffusionModelPath"/>):
/// load the file as <c>model_path</c>; when that fails, as <c>diffusion_model_path</c>; when both fail, one failure
/// that names both reasons. Any engine: it only calls the engine's load twice.
/// </summary>
public static class ModelLoadFallback
{
    public static async Task<LoadedModel> LoadAsync(ModelLoadSpec spec, Func<ModelLoadSpec, Task<LoadedModel>> load, Action<string> log)
    {
        var first = await load(spec);
        if (first.Success || !spec.FallbackToDiffusionModelPath || string.IsNullOrWhiteSpace(spec.ModelPath) || !string.IsNullOrWhiteSpace(spec.DiffusionModelPath))
            return first;

        log($"load {spec.ModelId}: not loadable as model_path ({first.Error}); trying it as diffusion_model_path");
        var second = await load(spec with { ModelPath = null, DiffusionModelPath = spec.ModelPath, FallbackToDiffusionModelPath = false });
        if (second.Success)
            return second with { LoadSeconds = first.LoadSeconds + second.LoadSeconds };
        return second with
        {
            LoadSeconds = first.LoadSeconds + second.LoadSeconds,
            Error = $"model {spec.ModelId} (architecture unknown) could not be loaded either way: " +
                    $"as a checkpoint (model_path): {first.Error}; as a standalone diffusion model (diffusion_model_path): {second.Error}",
        };
    }
}
