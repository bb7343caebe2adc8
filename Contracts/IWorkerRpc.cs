namespace SdSupervised.Contracts;

/// <summary>
/// The calls a Worker serves to its Supervisor over one named pipe (StreamJsonRpc).
/// Expected failures (a model that does not load, a generation that returns no image) come back
/// as results with <c>Success = false</c>; crashes show up as a lost connection and a process exit.
/// </summary>
public interface IWorkerRpc
{
    /// <summary>First call on every connection; a protocol mismatch is a startup failure.</summary>
    Task<WorkerInfo> HelloAsync(int protocolVersion, CancellationToken cancellationToken);

    Task<LoadedModel> LoadModelAsync(ModelLoadSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken);

    Task UnloadModelAsync(CancellationToken cancellationToken);

    Task<GenerationResult> GenerateImageAsync(ImageGenerationSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken);

    Task<Heartbeat> PingAsync(CancellationToken cancellationToken);

    // Protocol 2. Default bodies keep implementations written for protocol 1 (test doubles) compiling;
    // they answer with a clean failure. StreamJsonRpc proxies forward these calls like any other.

    /// <summary>ESRGAN upscale of one image.</summary>
    Task<UpscaleResult> UpscaleAsync(UpscaleSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
        Task.FromResult(new UpscaleResult { Success = false, Error = $"{GetType().Name} does not implement upscaling" });

    /// <summary>Convert or quantize a model file to GGUF.</summary>
    Task<ConvertResult> ConvertAsync(ConvertSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
        Task.FromResult(new ConvertResult { Success = false, Error = $"{GetType().Name} does not implement model conversion" });

    // Protocol 3.

    /// <summary>Video generation (Wan) with the loaded model; progress counts the steps of both models of a Wan 2.2 pair.</summary>
    Task<VideoResult> GenerateVideoAsync(VideoGenerationSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
        Task.FromResult(new VideoResult { Success = false, Error = $"{GetType().Name} does not implement video generation" });
}
