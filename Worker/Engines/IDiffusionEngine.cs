using SdSupervised.Contracts;

namespace SdSupervised.Worker.Engines;

/// <summary>
/// The seam between the RPC service and an image library (the native stable-diffusion.cpp binding or the
/// synthetic stand-in). The service calls one operation at a time, so engines need not be thread-safe.
/// Expected failures come back as results with Success = false; cancellation throws OperationCanceledException.
/// </summary>
public interface IDiffusionEngine
{
    EngineKind Kind { get; }

    /// <summary>What the handshake reports about the library and devices.</summary>
    EngineDescription Description { get; }

    /// <summary>Catalog id of the model in memory, null when none.</summary>
    string? LoadedModelId { get; }

    /// <summary>The device's total memory, when the engine can tell (the synthetic engine's simulated device).</summary>
    long? DeviceMemoryTotalBytes => null;

    /// <summary>Device memory in use now, when the engine can tell; the supervisor falls back to nvidia-smi.</summary>
    long? DeviceMemoryUsedBytes => null;

    /// <summary>Loads a model, replacing the current one; loading the id already loaded is a no-op.</summary>
    Task<LoadedModel> LoadModelAsync(ModelLoadSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken);

    Task UnloadModelAsync(CancellationToken cancellationToken);

    Task<GenerationResult> GenerateImageAsync(ImageGenerationSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken);

    /// <summary>ESRGAN upscale. The default is a clean refusal, for engines (and test doubles) that cannot.</summary>
    Task<UpscaleResult> UpscaleAsync(UpscaleSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
        Task.FromResult(new UpscaleResult { Success = false, Error = $"the {Kind.ToString().ToLowerInvariant()} engine does not upscale" });

    /// <summary>Model conversion to GGUF. The default is a clean refusal, for engines (and test doubles) that cannot.</summary>
    Task<ConvertResult> ConvertAsync(ConvertSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
        Task.FromResult(new ConvertResult { Success = false, Error = $"the {Kind.ToString().ToLowerInvariant()} engine does not convert models" });

    /// <summary>Video generation (Wan). The default is a clean refusal, for engines (and test doubles) that cannot.</summary>
    Task<VideoResult> GenerateVideoAsync(VideoGenerationSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
        Task.FromResult(new VideoResult { Success = false, Error = $"the {Kind.ToString().ToLowerInvariant()} engine does not generate video" });
}
