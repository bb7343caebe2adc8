using SdSupervised.Contracts;
using SdSupervised.Worker.Engines;

namespace SdSupervised.Tests.Core;

/// <summary>An engine that ignores cancellation, like a native call that cannot be interrupted.</summary>
public sealed class StubbornEngine(IDiffusionEngine inner) : IDiffusionEngine
{
    public EngineKind Kind => inner.Kind;
    public EngineDescription Description => inner.Description;
    public string? LoadedModelId => inner.LoadedModelId;

    public Task<LoadedModel> LoadModelAsync(ModelLoadSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
        inner.LoadModelAsync(spec, progress, CancellationToken.None);

    public Task UnloadModelAsync(CancellationToken cancellationToken) => inner.UnloadModelAsync(CancellationToken.None);

    public Task<GenerationResult> GenerateImageAsync(ImageGenerationSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
        inner.GenerateImageAsync(spec, progress, CancellationToken.None);
}
