using SdSupervised.Contracts;
using SdSupervised.Worker.Faults;
using SdSupervised.Worker.Logging;

namespace SdSupervised.Worker.Engines.Synthetic;

/// <summary>
/// A deterministic stand-in for stable-diffusion.cpp, for tests, demos and benchmarks without a GPU or a
/// model: it "loads" in measurable time, samples with real per-step delays and progress, honours
/// cancellation between steps, paints a picture from the seed and parameters, and can fail the way the
/// native library fails (see <see cref="FaultInjector"/>).
/// </summary>
public sealed class SyntheticEngine(SyntheticEngineOptions options, FaultInjector faults, WorkerLog log, TimeProvider? timeProvider = null)
    : IDiffusionEngine
{
    /// <summary>Largest edge accepted; beyond it one image would not fit in a byte array.</summary>
    public const int MaxEdge = 8192;

    /// <summary>The usual ESRGAN model's factor, used when an upscale asks for none.</summary>
    public const int DefaultUpscaleFactor = 4;

    private const int LoadPhases = 4;

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public EngineKind Kind => EngineKind.Synthetic;

    public EngineDescription Description { get; } = new()
    {
        NativeVersion = null,
        NativeCommit = null,
        Devices = ["synthetic"],
    };

    public string? LoadedModelId { get; private set; }

    public async Task<LoadedModel> LoadModelAsync(ModelLoadSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(spec.ModelId))
            return new LoadedModel { Success = false, Error = "cannot load a model without a model id (ModelLoadSpec.ModelId is empty)" };
        if (spec.ModelId == LoadedModelId)
            return new LoadedModel { Success = true, ModelId = spec.ModelId, LoadSeconds = 0 };

        // Like the native engine, the old context is freed before the new one is built.
        LoadedModelId = null;
        var started = _time.GetTimestamp();
        var phase = options.LoadTime / LoadPhases;
        for (var i = 1; i <= LoadPhases; i++)
        {
            await DelayAsync(phase, cancellationToken);
            progress?.Report(new GenerationProgress
            {
                Phase = ProgressPhase.LoadingModel,
                Step = i,
                Steps = LoadPhases,
                SecondsPerStep = phase.TotalSeconds,
            });
        }

        LoadedModelId = spec.ModelId;
        var seconds = _time.GetElapsedTime(started).TotalSeconds;
        log.Info($"loaded model {spec.ModelId} in {seconds:0.00}s");
        return new LoadedModel { Success = true, ModelId = spec.ModelId, LoadSeconds = seconds };
    }

    public Task UnloadModelAsync(CancellationToken cancellationToken)
    {
        if (LoadedModelId is not null)
            log.Info($"unloaded model {LoadedModelId}");
        LoadedModelId = null;
        return Task.CompletedTask;
    }

    public async Task<GenerationResult> GenerateImageAsync(ImageGenerationSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        if (LoadedModelId is null)
            return Failed("no model is loaded: call LoadModelAsync before GenerateImageAsync", 0);
        if (Validate(spec) is { } invalid)
            return Failed(invalid, 0);

        var armed = faults.Arm(spec.Fault, spec.Steps, spec.JobId);
        var started = _time.GetTimestamp();
        var images = new GeneratedImage[spec.BatchCount];

        for (var batchIndex = 0; batchIndex < spec.BatchCount; batchIndex++)
        {
            for (var step = 1; step <= spec.Steps; step++)
            {
                var stepStarted = _time.GetTimestamp();
                await DelayAsync(options.StepTime, cancellationToken);

                if (armed is not null && batchIndex == 0 && step == armed.Step)
                {
                    var error = await faults.TriggerAsync(armed, spec.JobId);
                    return Failed(error, _time.GetElapsedTime(started).TotalSeconds);
                }

                progress?.Report(new GenerationProgress
                {
                    Phase = ProgressPhase.Sampling,
                    Step = step,
                    Steps = spec.Steps,
                    BatchIndex = batchIndex,
                    SecondsPerStep = _time.GetElapsedTime(stepStarted).TotalSeconds,
                });
            }

            cancellationToken.ThrowIfCancellationRequested();
            var seed = spec.Seed + batchIndex;
            images[batchIndex] = new GeneratedImage
            {
                Width = spec.Width,
                Height = spec.Height,
                Channels = SyntheticImagePainter.Channels,
                Pixels = SyntheticImagePainter.Paint(spec.Width, spec.Height, SyntheticImageKey.For(spec, seed)),
                Seed = seed,
            };
        }

        return new GenerationResult
        {
            Success = true,
            Images = images,
            GenerationSeconds = _time.GetElapsedTime(started).TotalSeconds,
        };
    }

    /// <summary>Stands in for ESRGAN with a deterministic nearest-neighbour resize (the model's usual 4x when no factor is asked).</summary>
    public async Task<UpscaleResult> UpscaleAsync(UpscaleSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var image = spec.Image;
        var factor = spec.Factor ?? DefaultUpscaleFactor;
        if (image.Width < 1 || image.Height < 1 || image.Channels < 1 || image.Pixels.LongLength != (long)image.Width * image.Height * image.Channels)
            return new UpscaleResult { Success = false, Error = $"image {image.Width}x{image.Height}x{image.Channels} does not match its {image.Pixels.LongLength} bytes" };
        if (factor < 1 || (long)image.Width * factor > MaxEdge || (long)image.Height * factor > MaxEdge)
            return new UpscaleResult { Success = false, Error = $"upscale factor {factor} is out of range for {image.Width}x{image.Height} (1..{MaxEdge} per edge)" };

        var started = _time.GetTimestamp();
        await DelayAsync(options.StepTime, cancellationToken);
        var width = image.Width * factor;
        var height = image.Height * factor;
        var channels = image.Channels;
        var pixels = GC.AllocateUninitializedArray<byte>(width * height * channels);
        for (var y = 0; y < height; y++)
        {
            var source = image.Pixels.AsSpan((y / factor) * image.Width * channels, image.Width * channels);
            var row = pixels.AsSpan(y * width * channels, width * channels);
            for (var x = 0; x < width; x++)
                source.Slice((x / factor) * channels, channels).CopyTo(row.Slice(x * channels, channels));
        }
        progress?.Report(new GenerationProgress { Phase = ProgressPhase.Upscaling, Step = 1, Steps = 1, SecondsPerStep = options.StepTime.TotalSeconds });

        return new UpscaleResult
        {
            Success = true,
            Image = new GeneratedImage { Width = width, Height = height, Channels = channels, Pixels = pixels },
            Seconds = _time.GetElapsedTime(started).TotalSeconds,
        };
    }

    public Task<ConvertResult> ConvertAsync(ConvertSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
        Task.FromResult(new ConvertResult
        {
            Success = false,
            Error = "model conversion is not supported by the synthetic engine (it has no model files); run the worker with --engine native",
        });

    private static string? Validate(ImageGenerationSpec spec)
    {
        if (spec.Width is < 1 or > MaxEdge || spec.Height is < 1 or > MaxEdge)
            return $"image size {spec.Width}x{spec.Height} is out of range (1..{MaxEdge} per edge)";
        if (spec.Steps < 1)
            return $"steps must be at least 1, got {spec.Steps}";
        if (spec.BatchCount < 1)
            return $"batch count must be at least 1, got {spec.BatchCount}";
        return null;
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay > TimeSpan.Zero)
            await Task.Delay(delay, _time, cancellationToken);
        else
            cancellationToken.ThrowIfCancellationRequested();
    }

    private static GenerationResult Failed(string error, double seconds) =>
        new() { Success = false, Error = error, GenerationSeconds = seconds };
}
