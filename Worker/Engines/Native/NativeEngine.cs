using System.Diagnostics;
using SdSupervised.Contracts;
using SdSupervised.Worker.Logging;
using SdSupervised.Worker.Native;

namespace SdSupervised.Worker.Engines.Native;

/// <summary>
/// stable-diffusion.cpp through our binding. One native context at a time; every blocking native call runs on
/// the engine's <see cref="NativeThread"/>, so the pipe keeps answering pings. Parameter structs start from the
/// library's own <c>*_init</c> and carry only what the request sets; their strings and arrays live in a per-call arena.
/// Crashes inside the library are not caught here (they cannot be): the process dies and the supervisor
/// classifies it from the exit signal and the log lines this engine relays to stderr.
/// </summary>
public sealed class NativeEngine : IDiffusionEngine
{
    private readonly ISdLibrary _library;
    private readonly NativeEngineOptions _options;
    private readonly NativeEventHub _events;
    private readonly WorkerLog _log;
    private readonly NativeThread _thread = new();

    private nint _context;
    private ModelLoadSpec? _loaded;
    private string? _controlNetPath;
    private CachedUpscaler? _upscaler;

    public NativeEngine(ISdLibrary library, NativeEngineOptions options, NativeEventHub events, WorkerLog log, EngineDescription description)
    {
        _library = library;
        _options = options;
        _events = events;
        _log = log;
        Description = description;
    }

    public EngineKind Kind => EngineKind.Native;

    public EngineDescription Description { get; }

    public string? LoadedModelId => _loaded?.ModelId;

    public async Task<LoadedModel> LoadModelAsync(ModelLoadSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(spec.ModelId))
            return new LoadedModel { Success = false, Error = "cannot load a model without a model id (ModelLoadSpec.ModelId is empty)" };
        if (_loaded is not null && spec.ModelId == _loaded.ModelId)
            return new LoadedModel { Success = true, ModelId = spec.ModelId, LoadSeconds = 0 };
        cancellationToken.ThrowIfCancellationRequested();

        // The old context goes first: two models at once would need twice the memory.
        await FreeContextAsync();

        using var arena = new NativeArena();
        var parameters = PrepareContext(spec, arena, out var invalid);
        if (invalid is not null)
            return new LoadedModel { Success = false, ModelId = spec.ModelId, Error = invalid };

        _log.Info($"native load {spec.ModelId}: backend {NativeRequestMapper.ComposeBackend(_options.Backend, spec.ClipOnCpu, spec.VaeOnCpu, spec.ControlNetOnCpu) ?? "(library default)"}, " +
                  $"{((spec.EagerLoad ?? _options.EagerLoad) ? "eager" : "lazy")} weight loading{(spec.OffloadParamsToCpu ? ", weights kept in RAM" : "")}");
        var started = Stopwatch.GetTimestamp();
        nint context;
        using (_events.Begin(new NativeProgressTracker(ProgressPhase.LoadingModel, progress)))
        {
            context = await RunNativeAsync(() => NewContext(parameters));
            if (context == 0)
            {
                return new LoadedModel
                {
                    Success = false,
                    ModelId = spec.ModelId,
                    LoadSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
                    Error = $"the library could not load model {spec.ModelId} (new_sd_ctx returned NULL): {_events.RecentProblems() ?? "it logged no error"}",
                };
            }
        }

        // new_sd_ctx cannot be interrupted; a cancel that came meanwhile still wins, and the context goes.
        if (cancellationToken.IsCancellationRequested)
        {
            await RunNativeAsync(() => _library.FreeContext(context));
            cancellationToken.ThrowIfCancellationRequested();
        }

        _context = context;
        _loaded = spec;
        _controlNetPath = spec.ControlNetPath;
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new LoadedModel { Success = true, ModelId = spec.ModelId, LoadSeconds = seconds };
    }

    public async Task UnloadModelAsync(CancellationToken cancellationToken)
    {
        await FreeContextAsync();
        await FreeUpscalerAsync();
    }

    public async Task<GenerationResult> GenerateImageAsync(ImageGenerationSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        if (_context == 0 || _loaded is null)
            return Failed("no model is loaded: call LoadModelAsync before GenerateImageAsync", 0);
        cancellationToken.ThrowIfCancellationRequested();

        var started = Stopwatch.GetTimestamp();
        using var arena = new NativeArena();
        var parameters = PrepareGeneration(spec, arena, _loaded.VaeTiling, out var invalid);
        if (invalid is not null)
            return Failed(invalid, 0);

        if (await SwapControlNetAsync(spec.ControlNetPath) is { } controlNetError)
            return Failed(controlNetError, Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (spec.ControlCanny is { } canny)
        {
            if (!_library.HasPreprocessCanny)
                return Failed($"control_preprocess canny needs the library's preprocess_canny, which {_library.Version} does not export", 0);
            if (!await RunNativeAsync(() => PreprocessCanny(parameters, canny)))
                return Failed($"the library's canny preprocessor failed: {_events.RecentProblems() ?? "preprocess_canny returned false"}", Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        var context = _context;
        var output = new NativeOutput(arena);
        bool ok;
        using var cancellation = new NativeCancellation(_library, context, cancellationToken);
        // The preview callback costs a projection per interval, so it is installed only for generations that ask.
        var previews = spec.PreviewEverySteps is > 0;
        if (previews)
            NativeCallbacks.SetPreviews(spec.PreviewEverySteps, taesd: !string.IsNullOrEmpty(_loaded.TaesdPath));
        try
        {
            using (_events.Begin(new NativeProgressTracker(ProgressPhase.Sampling, progress, cancellation.OnNativeCallback)))
                ok = await RunNativeAsync(() => Generate(context, parameters, output));
        }
        finally
        {
            if (previews)
                NativeCallbacks.SetPreviews(null);
        }
        cancellation.Complete();

        // The library's images are copied, then freed, whatever the outcome.
        var (images, copyError) = TakeImages(output, spec.Seed);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        // A cancelled job reports cancelled even if the library finished its images in the meantime.
        if (cancellation.Requested)
            throw new OperationCanceledException("generation cancelled", cancellationToken);
        if (copyError is not null)
            return Failed(copyError, seconds);
        if (!ok || images.Length == 0)
            return Failed($"the library returned no image: {_events.RecentProblems() ?? "generate_image returned false and logged no error"}", seconds);
        return new GenerationResult { Success = true, Images = images, GenerationSeconds = seconds };
    }

    /// <summary>
    /// <c>generate_video</c> with the loaded context: the library returns every frame at once, which are copied and freed
    /// like images. Progress counts across both models of a Wan 2.2 pair; cancellation maps to <c>sd_cancel_generation</c>.
    /// </summary>
    public async Task<VideoResult> GenerateVideoAsync(VideoGenerationSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        if (_context == 0 || _loaded is null)
            return FailedVideo("no model is loaded: call LoadModelAsync before GenerateVideoAsync", 0);
        cancellationToken.ThrowIfCancellationRequested();

        var started = Stopwatch.GetTimestamp();
        using var arena = new NativeArena();
        var parameters = PrepareVideo(spec, arena, _loaded.VaeTiling, out var invalid);
        if (invalid is not null)
            return FailedVideo(invalid, 0);

        var context = _context;
        var output = new NativeOutput(arena);
        var total = GenerationSpecChecks.VideoTotalSteps(spec, !string.IsNullOrWhiteSpace(_loaded.HighNoiseDiffusionModelPath));
        bool ok;
        using var cancellation = new NativeCancellation(_library, context, cancellationToken);
        var previews = spec.PreviewEverySteps is > 0;
        if (previews)
            NativeCallbacks.SetPreviews(spec.PreviewEverySteps, taesd: !string.IsNullOrEmpty(_loaded.TaesdPath));
        try
        {
            using (_events.Begin(new NativeVideoProgressTracker(progress, total, cancellation.OnNativeCallback)))
                ok = await RunNativeAsync(() => GenerateVideo(context, parameters, output));
        }
        finally
        {
            if (previews)
                NativeCallbacks.SetPreviews(null);
        }
        cancellation.Complete();

        var (frames, copyError) = TakeImages(output, spec.Seed, sameSeed: true);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (cancellation.Requested)
            throw new OperationCanceledException("video generation cancelled", cancellationToken);
        if (copyError is not null)
            return FailedVideo(copyError, seconds);
        if (!ok || frames.Length == 0)
            return FailedVideo($"the library returned no frames: {_events.RecentProblems() ?? "generate_video returned false and logged no error"}", seconds);
        return new VideoResult { Success = true, Frames = frames, Fps = spec.Fps, GenerationSeconds = seconds };
    }

    public async Task<UpscaleResult> UpscaleAsync(UpscaleSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(spec.ModelPath) || !File.Exists(spec.ModelPath))
            return new UpscaleResult { Success = false, Error = $"ESRGAN model file '{spec.ModelPath}' does not exist" };
        if (NativeImages.Validate(spec.Image, "image to upscale") is { } invalid)
            return new UpscaleResult { Success = false, Error = invalid };
        if (spec.Factor is < 1)
            return new UpscaleResult { Success = false, Error = $"upscale factor must be at least 1, got {spec.Factor}" };
        cancellationToken.ThrowIfCancellationRequested();

        var started = Stopwatch.GetTimestamp();
        var tileSize = spec.TileSize ?? NativeEngineOptions.DefaultUpscaleTileSize;
        var upscaler = _upscaler is { } cached && cached.ModelPath == spec.ModelPath && cached.TileSize == tileSize ? cached.Handle : 0;
        if (upscaler == 0)
        {
            await FreeUpscalerAsync();
            using var loadArena = new NativeArena();
            var threads = _loaded is { Threads: > 0 } loaded ? loaded.Threads : _library.PhysicalCores();
            using (_events.Begin(new NativeProgressTracker(ProgressPhase.LoadingModel, progress)))
            {
                upscaler = await RunNativeAsync(() => NewUpscaler(loadArena, spec.ModelPath, threads, tileSize));
                if (upscaler == 0)
                    return new UpscaleResult { Success = false, Error = $"the library could not load ESRGAN model '{spec.ModelPath}': {_events.RecentProblems() ?? "new_upscaler_ctx returned NULL"}" };
            }
            _upscaler = new CachedUpscaler(spec.ModelPath, tileSize, upscaler);
        }

        // An ESRGAN model upscales by the factor it was trained for; the C API's factor argument is ignored.
        var modelFactor = _library.UpscaleFactor(upscaler);
        if (spec.Factor is { } asked && asked != modelFactor)
            return new UpscaleResult { Success = false, Error = $"ESRGAN model '{spec.ModelPath}' upscales by {modelFactor}, not {asked}; leave the factor out or pick a model for {asked}x" };
        var factor = (uint)modelFactor;
        using var arena = new NativeArena();
        var input = NativeImages.ToNative(spec.Image, 3, arena);
        var output = new NativeOutput(arena);
        bool ok;
        using (_events.Begin(new NativeProgressTracker(ProgressPhase.Upscaling, progress)))
            ok = await RunNativeAsync(() => Upscale(upscaler, input, factor, output));

        var (images, copyError) = TakeImages(output, seed: 0);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        // The C call cannot be interrupted; a cancel that came meanwhile still decides the outcome.
        cancellationToken.ThrowIfCancellationRequested();
        if (!ok || images.Length == 0 || copyError is not null)
            return new UpscaleResult { Success = false, Error = copyError ?? $"the library could not upscale: {_events.RecentProblems() ?? "upscale returned false"}", Seconds = seconds };
        return new UpscaleResult { Success = true, Image = images[0], Seconds = seconds };
    }

    public async Task<ConvertResult> ConvertAsync(ConvertSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(spec.InputPath) || !File.Exists(spec.InputPath))
            return new ConvertResult { Success = false, Error = $"input model '{spec.InputPath}' does not exist" };
        if (!string.IsNullOrWhiteSpace(spec.VaePath) && !File.Exists(spec.VaePath))
            return new ConvertResult { Success = false, Error = $"VAE '{spec.VaePath}' does not exist" };
        if (string.IsNullOrWhiteSpace(spec.OutputPath))
            return new ConvertResult { Success = false, Error = "no output path" };
        if (Path.GetDirectoryName(Path.GetFullPath(spec.OutputPath)) is { } directory && !Directory.Exists(directory))
            return new ConvertResult { Success = false, Error = $"output folder '{directory}' does not exist" };
        if (_library.WeightType(spec.OutputType) is not { } type)
            return new ConvertResult { Success = false, Error = $"unknown output type '{spec.OutputType}'; the library knows {string.Join(", ", _library.WeightTypeNames())}" };
        cancellationToken.ThrowIfCancellationRequested();

        var started = Stopwatch.GetTimestamp();
        using var arena = new NativeArena();
        bool ok;
        using (_events.Begin(new NativeProgressTracker(ProgressPhase.Converting, progress)))
            ok = await RunNativeAsync(() => Convert(arena, spec, type));

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (cancellationToken.IsCancellationRequested)
        {
            // convert cannot be interrupted; a cancelled conversion leaves no half-written output behind.
            TryDelete(spec.OutputPath);
            cancellationToken.ThrowIfCancellationRequested();
        }
        if (!ok || !File.Exists(spec.OutputPath))
            return new ConvertResult { Success = false, Error = $"the library could not convert '{spec.InputPath}': {_events.RecentProblems() ?? "convert returned false"}", Seconds = seconds };
        return new ConvertResult { Success = true, Seconds = seconds, OutputBytes = new FileInfo(spec.OutputPath).Length };
    }

    private async Task<string?> SwapControlNetAsync(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || path == _controlNetPath)
            return null;
        if (!File.Exists(path))
            return $"ControlNet file '{path}' does not exist";

        var context = _context;
        using var arena = new NativeArena();
        using (_events.Begin(null))
        {
            if (!await RunNativeAsync(() => LoadControlNet(arena, context, path)))
                return $"the library could not load ControlNet '{path}': {_events.RecentProblems() ?? "sd_ctx_load_control_net returned false"}";
        }

        _controlNetPath = path;
        return null;
    }

    private async Task FreeContextAsync()
    {
        var context = _context;
        if (context == 0)
            return;
        _context = 0;
        _loaded = null;
        _controlNetPath = null;
        await RunNativeAsync(() => _library.FreeContext(context));
    }

    private async Task FreeUpscalerAsync()
    {
        if (_upscaler is not { } cached)
            return;
        _upscaler = null;
        await RunNativeAsync(() => _library.FreeUpscaler(cached.Handle));
    }

    // Pointer work lives in these synchronous helpers: async methods cannot hold pointers across an await.

    private unsafe nint PrepareContext(ModelLoadSpec spec, NativeArena arena, out string? invalid)
    {
        var parameters = arena.Zeroed<SdCtxParams>(1);
        _library.CtxParamsInit(parameters);
        invalid = NativeRequestMapper.MapContext(spec, ref *parameters, arena, _library, _options);
        return (nint)parameters;
    }

    private unsafe nint PrepareGeneration(ImageGenerationSpec spec, NativeArena arena, bool modelVaeTiling, out string? invalid)
    {
        var parameters = arena.Zeroed<SdImgGenParams>(1);
        _library.ImgGenParamsInit(parameters);
        invalid = NativeRequestMapper.MapGeneration(spec, ref *parameters, arena, _library, modelVaeTiling);
        return (nint)parameters;
    }

    /// <summary>The library's canny over the control image already in the call's parameters (arena memory), in place.</summary>
    private unsafe bool PreprocessCanny(nint parameters, CannySpec canny) =>
        _library.PreprocessCanny(((SdImgGenParams*)parameters)->ControlImage,
            canny.HighThreshold ?? CannySpec.DefaultHighThreshold, canny.LowThreshold ?? CannySpec.DefaultLowThreshold,
            canny.Weak ?? CannySpec.DefaultWeak, canny.Strong ?? CannySpec.DefaultStrong, canny.Inverse);

    private unsafe nint PrepareVideo(VideoGenerationSpec spec, NativeArena arena, bool modelVaeTiling, out string? invalid)
    {
        var parameters = arena.Zeroed<SdVidGenParams>(1);
        _library.VidGenParamsInit(parameters);
        invalid = NativeRequestMapper.MapVideo(spec, ref *parameters, arena, _library, modelVaeTiling);
        return (nint)parameters;
    }

    private unsafe bool GenerateVideo(nint context, nint parameters, NativeOutput output) =>
        _library.GenerateVideo(context, (SdVidGenParams*)parameters, output.Images, output.Count);

    private unsafe nint NewContext(nint parameters) => _library.NewContext((SdCtxParams*)parameters);

    private unsafe bool Generate(nint context, nint parameters, NativeOutput output) =>
        _library.GenerateImage(context, (SdImgGenParams*)parameters, output.Images, output.Count);

    private unsafe nint NewUpscaler(NativeArena arena, string modelPath, int threads, int tileSize) =>
        _library.NewUpscaler(arena.Utf8(modelPath), threads, tileSize, arena.Utf8(_options.Backend), null);

    private unsafe bool Upscale(nint upscaler, SdImage input, uint factor, NativeOutput output) =>
        _library.Upscale(upscaler, input, factor, output.Images, output.Count);

    private unsafe bool LoadControlNet(NativeArena arena, nint context, string path) =>
        _library.LoadControlNet(context, arena.Utf8(path));

    /// <summary>convert() builds std::strings from its arguments: NULL aborts the process, so "none" is "" (as sd-cli passes).</summary>
    private unsafe bool Convert(NativeArena arena, ConvertSpec spec, int type) =>
        _library.Convert(
            arena.Utf8(spec.InputPath),
            arena.Utf8(string.IsNullOrWhiteSpace(spec.VaePath) ? "" : spec.VaePath),
            arena.Utf8(spec.OutputPath),
            type,
            arena.Utf8(string.IsNullOrWhiteSpace(spec.TensorTypeRules) ? "" : spec.TensorTypeRules));

    /// <summary>
    /// Copies the images the library returned (image i gets seed + i, as the library seeds a batch; a video's frames
    /// all share the clip's seed) and frees them with free_sd_images.
    /// </summary>
    private unsafe (GeneratedImage[] Images, string? Error) TakeImages(NativeOutput output, long seed, bool sameSeed = false)
    {
        var images = *output.Images;
        var count = *output.Count;
        try
        {
            if (images is null || count <= 0)
                return ([], null);
            var results = new GeneratedImage[count];
            for (var i = 0; i < count; i++)
            {
                if (images[i].Data is null)
                    return ([], $"the library returned image {i + 1} of {count} without pixels");
                results[i] = NativeImages.FromNative(images[i], sameSeed ? seed : seed + i);
            }
            return (results, null);
        }
        finally
        {
            if (images is not null)
                _library.FreeImages(images, count);
            *output.Images = null;
            *output.Count = 0;
        }
    }

    private Task<T> RunNativeAsync<T>(Func<T> call) => _thread.RunAsync(call);

    private Task RunNativeAsync(Action call) => _thread.RunAsync(call);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static VideoResult FailedVideo(string error, double seconds) =>
        new() { Success = false, Error = error, GenerationSeconds = seconds };

    private static GenerationResult Failed(string error, double seconds) =>
        new() { Success = false, Error = error, GenerationSeconds = seconds };

    private sealed record CachedUpscaler(string ModelPath, int TileSize, nint Handle);

    /// <summary>The two out-parameters of generate_image / upscale (sd_image_t** and int*), in arena memory.</summary>
    private sealed unsafe class NativeOutput(NativeArena arena)
    {
        public SdImage** Images { get; } = (SdImage**)arena.Zeroed<nint>(1);
        public int* Count { get; } = arena.Zeroed<int>(1);
    }
}
