using SdSupervised.Contracts;
using SdSupervised.Worker.Faults;
using SdSupervised.Worker.Logging;

namespace SdSupervised.Worker.Engines.Synthetic;

/// <summary>
/// A deterministic stand-in for stable-diffusion.cpp, for tests, demos and benchmarks without a GPU or a
/// model: it "loads" in measurable time, samples with real per-step delays and progress, honours
/// cancellation between steps, paints a picture from the seed and parameters, and can fail the way the
/// native library fails (see <see cref="FaultInjector"/>). The same request always gives the same bytes.
/// <para>Every generation input has a real, checkable effect (<see cref="SyntheticRenderer"/> paints it,
/// <see cref="SyntheticPlan"/> resolves it as the library would):</para>
/// <list type="bullet">
/// <item>img2img (<c>InitImage</c>): the init image, resized to the request's size if needed, blended towards the
/// procedural picture by <c>Strength</c> (default 0.75): 0 gives the init image exactly, 1 the procedural picture.
/// Sampling reports the steps the library runs: <c>(int)(steps * strength) + 1</c>, capped at steps.</item>
/// <item>Inpainting (<c>MaskImage</c>, needs an init image): black keeps the init pixel exactly, white takes the
/// img2img pixel, gray mixes linearly (the library rounds its mask to 0/1; linear is more useful to test).
/// A colour mask counts by its brightest channel, as the native engine reduces it.</item>
/// <item>ControlNet (<c>ControlImage</c>): its luminance darkens the procedural picture, weighted by
/// <c>ControlStrength</c> (default 0.9). Without any ControlNet the library silently ignores the image; this
/// engine applies it anyway and logs a warning, so tests can see it arrived.</item>
/// <item>Canny (<c>ControlCanny</c>): the control image becomes an edge map first (<see cref="SyntheticCanny"/>).</item>
/// <item>Reference images: their mean colour washes the whole picture; PhotoMaker ID images: theirs washes the centre,
/// less with a higher style strength (<see cref="SyntheticIdentityTint"/>). PhotoMaker without PhotoMaker weights in the
/// model load is applied anyway with a warning (the library would turn it off).</item>
/// <item>LoRAs: each washes the picture with a colour and stripes drawn from its file name, by its multiplier (0: no effect).</item>
/// <item>Hires fix: after every first pass, a second pass per image with its own progress
/// (<c>Hires.Steps</c>, else the first pass's, stretched by the denoising strength as the library does) produces
/// the image at <c>TargetWidth x TargetHeight</c> (one given: square) or the request's size times <c>Scale</c>
/// (default 2). Upscaler <c>None</c>, or <c>Model</c> without a model path, disables it, as in the library.</item>
/// <item>VAE tiling (the request's, else the model load's): decoding progress per tile after sampling.</item>
/// <item>Guidance knobs (image CFG, distilled guidance, eta, flow shift, skip-layer guidance) change the scene when set.</item>
/// </list>
/// Input images whose pixel buffer does not match their size, a mask without an init image, or an unknown
/// hires upscaler fail cleanly with the native engine's messages. LoRA and model files are not opened: this
/// engine has none.
/// </summary>
public sealed class SyntheticEngine(SyntheticEngineOptions options, FaultInjector faults, WorkerLog log, TimeProvider? timeProvider = null)
    : IDiffusionEngine
{
    /// <summary>Largest edge accepted; beyond it one image would not fit in a byte array.</summary>
    public const int MaxEdge = 8192;

    /// <summary>The usual ESRGAN model's factor, used when an upscale asks for none.</summary>
    public const int DefaultUpscaleFactor = 4;

    /// <summary>The library's VAE tile edge in latent pixels when a request names none.</summary>
    public const int DefaultVaeTileSize = 32;

    private const int LoadPhases = 4;

    /// <summary>Image pixels per latent pixel (the SD VAE's downscale).</summary>
    private const int LatentScale = 8;

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    private readonly SyntheticDeviceMemory? _memory = options.DeviceMemoryBytes is { } total
        ? new SyntheticDeviceMemory(total, options.MemoryGrowthPerJobBytes)
        : null;

    /// <summary>The loaded model's spec: its ControlNet and VAE tiling matter to generations.</summary>
    private ModelLoadSpec? _loaded;

    /// <summary>The ControlNet "in memory": the model load's, replaced by the last one a request named (as the native engine swaps it).</summary>
    private string? _controlNetPath;

    public EngineKind Kind => EngineKind.Synthetic;

    public EngineDescription Description { get; } = new()
    {
        NativeVersion = null,
        NativeCommit = null,
        Devices = ["synthetic"],
    };

    public string? LoadedModelId => _loaded?.ModelId;

    public long? DeviceMemoryTotalBytes => _memory?.TotalBytes;

    public long? DeviceMemoryUsedBytes => _memory?.UsedBytes;

    public async Task<LoadedModel> LoadModelAsync(ModelLoadSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(spec.ModelId))
            return new LoadedModel { Success = false, Error = "cannot load a model without a model id (ModelLoadSpec.ModelId is empty)" };
        if (spec.ModelId == LoadedModelId)
            return new LoadedModel { Success = true, ModelId = spec.ModelId, LoadSeconds = 0 };

        // Like the native engine, the old context is freed before the new one is built.
        _loaded = null;
        _memory?.ModelUnloaded();
        _controlNetPath = null;
        if (LoadPathFaults.Check(spec, faults.Enabled) is { } refused)
            return new LoadedModel { Success = false, ModelId = spec.ModelId, Error = refused };
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

        _loaded = spec;
        _controlNetPath = spec.ControlNetPath;
        _memory?.ModelLoaded(FileBytes(spec.ModelPath) + FileBytes(spec.DiffusionModelPath));
        var seconds = _time.GetElapsedTime(started).TotalSeconds;
        // What the native engine would hand the library besides the model, so tests see that it crossed the pipe.
        var extras = (spec.Embeddings.Length > 0 ? $" with embeddings {string.Join(", ", spec.Embeddings.Select(e => e.Name))}" : "")
            + (spec.TaesdPath is { Length: > 0 } taesd ? $" with TAESD {Path.GetFileName(taesd)}" : "");
        log.Info($"loaded model {spec.ModelId} in {seconds:0.00}s{extras}");
        return new LoadedModel { Success = true, ModelId = spec.ModelId, LoadSeconds = seconds };
    }

    public Task UnloadModelAsync(CancellationToken cancellationToken)
    {
        if (LoadedModelId is not null)
            log.Info($"unloaded model {LoadedModelId}");
        _loaded = null;
        _memory?.ModelUnloaded();
        return Task.CompletedTask;
    }

    public async Task<GenerationResult> GenerateImageAsync(ImageGenerationSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        if (_loaded is null)
            return Failed("no model is loaded: call LoadModelAsync before GenerateImageAsync", 0);
        if (SyntheticPlan.Resolve(spec, MaxEdge, out var invalid) is not { } plan)
            return Failed(invalid!, 0);
        if (!string.IsNullOrWhiteSpace(spec.ControlNetPath))
            _controlNetPath = spec.ControlNetPath;
        LogLibraryWarnings(spec, plan);

        if (_memory is { } memory && !memory.Fits(SyntheticDeviceMemory.WorkingBytes(spec.Width, spec.Height, spec.BatchCount)))
        {
            // A real device out of memory takes the process down: so does the simulated one, with the library's lines.
            log.Warn($"job {spec.JobId}: {SyntheticDeviceMemory.WorkingBytes(spec.Width, spec.Height, spec.BatchCount)} bytes of working memory do not fit " +
                     $"the simulated device ({memory.UsedBytes} of {memory.TotalBytes} bytes in use)");
            faults.OutOfMemory();
        }
        var armed = faults.Arm(spec.Fault, plan.Steps, spec.JobId);
        var started = _time.GetTimestamp();
        var renderer = new SyntheticRenderer(spec, plan);
        var pixels = new byte[spec.BatchCount][];

        // The library's order: every image of the batch is sampled, then each gets its hires pass, then all are decoded.
        for (var batchIndex = 0; batchIndex < spec.BatchCount; batchIndex++)
        {
            // Painted first so previews can show it coming out of the noise; painting costs no step time.
            pixels[batchIndex] = renderer.FirstPass(spec.Seed + batchIndex);
            var preview = SyntheticPreview.For(spec.PreviewEverySteps, pixels[batchIndex], spec.Width, spec.Height);
            if (await SampleAsync(plan.Steps, batchIndex, batchIndex == 0 ? armed : null, spec.JobId, progress, cancellationToken, preview) is { } fault)
                return Failed(fault, _time.GetElapsedTime(started).TotalSeconds);
            cancellationToken.ThrowIfCancellationRequested();
        }

        var (width, height) = (spec.Width, spec.Height);
        if (plan.Hires is { } hires)
        {
            for (var batchIndex = 0; batchIndex < spec.BatchCount; batchIndex++)
            {
                await SampleAsync(hires.Steps, batchIndex, null, spec.JobId, progress, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
                pixels[batchIndex] = renderer.HiresPass(pixels[batchIndex], spec.Seed + batchIndex, hires);
            }
            (width, height) = (hires.Width, hires.Height);
        }

        if (spec.VaeTiling ?? _loaded.VaeTiling)
        {
            for (var batchIndex = 0; batchIndex < spec.BatchCount; batchIndex++)
                ReportDecodingTiles(width, height, spec.VaeTileSize, batchIndex, progress, cancellationToken);
        }

        _memory?.JobEnded();
        return new GenerationResult
        {
            Success = true,
            DeviceMemoryUsedBytes = _memory?.UsedBytes,
            Images = pixels.Select((image, batchIndex) => new GeneratedImage
            {
                Width = width,
                Height = height,
                Channels = SyntheticImagePainter.Channels,
                Pixels = image,
                Seed = spec.Seed + batchIndex,
            }).ToArray(),
            GenerationSeconds = _time.GetElapsedTime(started).TotalSeconds,
        };
    }

    /// <summary>
    /// A video as <c>generate_video</c> makes one: with a high-noise model loaded (Wan 2.2) its steps are sampled first,
    /// then the low-noise model's, and progress counts across both (step k of the total). Frames come from
    /// <see cref="SyntheticVideoPainter"/>; fault injection fires at its step of the total like an image's.
    /// </summary>
    public async Task<VideoResult> GenerateVideoAsync(VideoGenerationSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        if (_loaded is null)
            return FailedVideo("no model is loaded: call LoadModelAsync before GenerateVideoAsync", 0);
        if (GenerationSpecChecks.VideoInputs(spec) is { } invalid)
            return FailedVideo(invalid, 0);
        if (spec.Width > MaxEdge || spec.Height > MaxEdge || (long)spec.Width * spec.Height * SyntheticImagePainter.Channels * spec.VideoFrames > Array.MaxLength / 2)
            return FailedVideo($"video {spec.Width}x{spec.Height}x{spec.VideoFrames} is too large for the synthetic engine", 0);
        foreach (var lora in spec.Loras)
        {
            if (string.IsNullOrWhiteSpace(lora.Path))
                return FailedVideo("a LoRA without a path", 0);
        }
        var highNoiseModel = !string.IsNullOrWhiteSpace(_loaded.HighNoiseDiffusionModelPath);
        if (!highNoiseModel && spec.Loras.Any(l => l.IsHighNoise))
            log.Warn($"job {spec.JobId}: a high-noise LoRA without a high-noise model: stable-diffusion.cpp would ignore it");

        var total = GenerationSpecChecks.VideoTotalSteps(spec, highNoiseModel);
        // Left to the library, the split follows the MoE boundary; about the first third of the sigmas are above 0.875 with Wan's shift.
        var high = !highNoiseModel ? 0 : spec.HighNoise?.Steps ?? Math.Max(1, total / 3);
        var armed = faults.Arm(spec.Fault, total, spec.JobId);
        var started = _time.GetTimestamp();
        var frames = new SyntheticVideoPainter(spec).PaintAll();
        var middle = frames[frames.Length / 2];
        var preview = SyntheticPreview.For(spec.PreviewEverySteps, middle, spec.Width, spec.Height);
        for (var step = 1; step <= total; step++)
        {
            var stepStarted = _time.GetTimestamp();
            await DelayAsync(options.StepTime, cancellationToken);
            if (armed is not null && step == armed.Step)
                return FailedVideo(await faults.TriggerAsync(armed, spec.JobId), _time.GetElapsedTime(started).TotalSeconds);
            progress?.Report(new GenerationProgress
            {
                Phase = ProgressPhase.Sampling,
                Step = step,
                Steps = total,
                SecondsPerStep = _time.GetElapsedTime(stepStarted).TotalSeconds,
                Preview = preview?.At(step, total),
            });
            if (step == high)
                log.Info($"job {spec.JobId}: high-noise sampling done after {high} of {total} steps; switching to the low-noise model");
        }
        cancellationToken.ThrowIfCancellationRequested();

        _memory?.JobEnded();
        return new VideoResult
        {
            Success = true,
            Fps = spec.Fps,
            DeviceMemoryUsedBytes = _memory?.UsedBytes,
            Frames = frames.Select(pixels => new GeneratedImage
            {
                Width = spec.Width,
                Height = spec.Height,
                Channels = SyntheticImagePainter.Channels,
                Pixels = pixels,
                Seed = spec.Seed,
            }).ToArray(),
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

    /// <summary>One sampling pass: a step-time delay and a progress report per step; the fault's error if it fired.</summary>
    private async Task<string?> SampleAsync(int steps, int batchIndex, ArmedFault? armed, string jobId, IProgress<GenerationProgress>? progress,
        CancellationToken cancellationToken, SyntheticPreview? preview = null)
    {
        for (var step = 1; step <= steps; step++)
        {
            var stepStarted = _time.GetTimestamp();
            await DelayAsync(options.StepTime, cancellationToken);

            if (armed is not null && step == armed.Step)
                return await faults.TriggerAsync(armed, jobId);

            progress?.Report(new GenerationProgress
            {
                Phase = ProgressPhase.Sampling,
                Step = step,
                Steps = steps,
                BatchIndex = batchIndex,
                SecondsPerStep = _time.GetElapsedTime(stepStarted).TotalSeconds,
                Preview = preview?.At(step, steps),
            });
        }
        return null;
    }

    /// <summary>
    /// With VAE tiling the library reports each decoded tile; so does this engine (tiles of
    /// <see cref="DefaultVaeTileSize"/> latent pixels unless the request names a size, 8 image pixels per latent pixel).
    /// Decoding costs no step time here: the pixels are already painted.
    /// </summary>
    private void ReportDecodingTiles(int width, int height, int? tileSize, int batchIndex, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var tile = (tileSize is > 0 ? tileSize.Value : DefaultVaeTileSize) * LatentScale;
        var tiles = ((width + tile - 1) / tile) * ((height + tile - 1) / tile);
        for (var done = 1; done <= tiles; done++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new GenerationProgress { Phase = ProgressPhase.Decoding, Step = done, Steps = tiles, BatchIndex = batchIndex });
        }
    }

    /// <summary>
    /// Logs, once per request, where the real library would quietly skip something: a control image with no
    /// ControlNet (applied here all the same), a hires pass it disables (skipped here too).
    /// </summary>
    private void LogLibraryWarnings(ImageGenerationSpec spec, SyntheticPlan plan)
    {
        if (spec.ControlImage is not null && string.IsNullOrWhiteSpace(_controlNetPath))
            log.Warn($"job {spec.JobId}: a control image without a ControlNet (none loaded with the model, none named by the request): stable-diffusion.cpp would ignore it; the synthetic engine applies it");
        if (spec.PhotoMaker is not null && string.IsNullOrWhiteSpace(_loaded?.PhotoMakerPath))
            log.Warn($"job {spec.JobId}: PhotoMaker ID images without PhotoMaker weights in the model load: stable-diffusion.cpp would ignore them; the synthetic engine applies them");
        if (plan.HiresDisabledReason is { } reason)
            log.Warn($"job {spec.JobId}: {reason}");
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay > TimeSpan.Zero)
            await Task.Delay(delay, _time, cancellationToken);
        else
            cancellationToken.ThrowIfCancellationRequested();
    }

    private static long FileBytes(string? path)
    {
        try
        {
            return path is { Length: > 0 } && File.Exists(path) ? new FileInfo(path).Length : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static VideoResult FailedVideo(string error, double seconds) =>
        new() { Success = false, Error = error, GenerationSeconds = seconds };

    private static GenerationResult Failed(string error, double seconds) =>
        new() { Success = false, Error = error, GenerationSeconds = seconds };
}
