using SdSupervised.Contracts;
using SdSupervised.Tests.Worker;
using SdSupervised.Worker.Engines;
using SdSupervised.Worker.Engines.Native;
using SdSupervised.Worker.Logging;
using SdSupervised.Worker.Native;

namespace SdSupervised.Tests.Native;

/// <summary>The engine's own logic (load failure, image ownership, progress, cancellation races) against a scripted library.</summary>
public sealed class NativeEngineTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly FakeSdLibrary _library = new();
    private readonly List<string> _stderr = [];
    private readonly NativeEngine _engine;
    private readonly string _dir = Directory.CreateTempSubdirectory("sds-engine-").FullName;
    private readonly string _model;

    public NativeEngineTests()
    {
        var events = new NativeEventHub(lines =>
        {
            lock (_stderr) _stderr.AddRange(lines);
        });
        _library.InstallCallbacks(events);
        _engine = new NativeEngine(_library, new NativeEngineOptions { Backend = "cpu" }, events, new WorkerLog(_ => { }), new EngineDescription { NativeVersion = _library.Version });
        _model = Path.Combine(_dir, "model.gguf");
        File.WriteAllBytes(_model, [0]);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Load_failure_is_a_clean_result_quoting_the_library_error_lines()
    {
        _library.FailLoad = true;

        var result = await _engine.LoadModelAsync(Model(), null, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Equal(
            "the library could not load model m (new_sd_ctx returned NULL): model_loader.cpp:1300 - read tensor data failed: 'model.bin' | " +
            "stable-diffusion.cpp:800 - load tensors from model loader failed",
            result.Error);
        Assert.Null(_engine.LoadedModelId);
        Assert.Contains("stable-diffusion.cpp:800 - load tensors from model loader failed", Stderr());
    }

    [Fact]
    public async Task Load_passes_eager_loading_and_the_slot_backend_and_reports_load_progress()
    {
        var progress = new ListProgress();

        var result = await _engine.LoadModelAsync(Model(), progress, CancellationToken.None);

        Assert.True(result.Success, result.Error);
        Assert.Equal("m", _engine.LoadedModelId);
        Assert.True(_library.LastContextParams.EagerLoad);
        Assert.Equal([1, 2, 3, 4], progress.Reports.Select(r => r.Step));
        Assert.All(progress.Reports, r => Assert.Equal(ProgressPhase.LoadingModel, r.Phase));
    }

    [Fact]
    public async Task Loading_another_model_frees_the_old_context_first()
    {
        await _engine.LoadModelAsync(Model("a"), null, CancellationToken.None);
        await _engine.LoadModelAsync(Model("a"), null, CancellationToken.None);
        Assert.Empty(_library.FreedContexts);

        await _engine.LoadModelAsync(Model("b"), null, CancellationToken.None);

        Assert.Single(_library.FreedContexts);
        Assert.Equal("b", _engine.LoadedModelId);
    }

    [Fact]
    public async Task Generate_copies_every_image_with_its_seed_then_frees_the_library_memory()
    {
        await _engine.LoadModelAsync(Model(), null, CancellationToken.None);
        var progress = new ListProgress();

        var result = await _engine.GenerateImageAsync(Spec(steps: 3, batch: 2, seed: 100), progress, CancellationToken.None);

        Assert.True(result.Success, result.Error);
        Assert.Equal([100L, 101L], result.Images.Select(i => i.Seed));
        Assert.All(result.Images, i => Assert.Equal((64, 64, 3, 64 * 64 * 3), (i.Width, i.Height, i.Channels, i.Pixels.Length)));
        Assert.Equal([(byte)1, (byte)2], result.Images.Select(i => i.Pixels[0]));
        Assert.Equal([(_library.AllocatedImages.Single(), 2)], _library.FreedImages);
        Assert.Equal("a lighthouse", _library.LastPrompt);
        Assert.Equal(
            [(0, 1), (0, 2), (0, 3), (1, 1), (1, 2), (1, 3)],
            progress.Reports.Select(r => (r.BatchIndex, r.Step)));
        Assert.All(progress.Reports, r => Assert.Equal(ProgressPhase.Sampling, r.Phase));
    }

    [Fact]
    public async Task Generation_the_library_fails_is_a_clean_result_with_its_error_lines()
    {
        await _engine.LoadModelAsync(Model(), null, CancellationToken.None);
        _library.FailGenerate = true;

        var result = await _engine.GenerateImageAsync(Spec(), null, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Equal("the library returned no image: stable-diffusion.cpp:5300 - decode_first_stage failed for latent 1", result.Error);
        Assert.Empty(_library.FreedImages);
    }

    [Fact]
    public async Task Generate_without_a_model_fails_cleanly_without_calling_the_library()
    {
        var result = await _engine.GenerateImageAsync(Spec(), null, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Equal("no model is loaded: call LoadModelAsync before GenerateImageAsync", result.Error);
        Assert.Null(_library.LastPrompt);
    }

    [Fact]
    public async Task Unknown_sampler_fails_before_the_library_is_called()
    {
        await _engine.LoadModelAsync(Model(), null, CancellationToken.None);

        var result = await _engine.GenerateImageAsync(Spec() with { SamplingMethod = "nope" }, null, CancellationToken.None);

        Assert.False(result.Success);
        Assert.StartsWith("unknown sampling method 'nope'", result.Error);
        Assert.Null(_library.LastPrompt);
    }

    [Fact]
    public async Task Cancel_during_sampling_stops_within_a_step_and_throws()
    {
        await _engine.LoadModelAsync(Model(), null, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        _library.AfterStep = step =>
        {
            if (step == 2)
                cts.Cancel();
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _engine.GenerateImageAsync(Spec(steps: 50), null, cts.Token));

        Assert.InRange(_library.StepsRun, 2, 3);
        Assert.Empty(_library.AllocatedImages);
    }

    [Fact]
    public async Task Cancel_that_lands_before_the_library_resets_its_flag_still_wins()
    {
        await _engine.LoadModelAsync(Model(), null, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        // The worst moment: the call has been entered, the cancel is issued, and only then does the library clear the flag.
        _library.BeforeReset = cts.Cancel;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _engine.GenerateImageAsync(Spec(steps: 50), null, cts.Token));

        Assert.True(_library.StepsRun <= 1, $"ran {_library.StepsRun} steps after the cancel");
    }

    [Fact]
    public async Task Cancel_is_reissued_by_the_timer_when_the_library_makes_no_callback()
    {
        using var cts = new CancellationTokenSource();
        var events = new NativeEventHub(_ => { });
        var quiet = new FakeSdLibrary { StepTime = TimeSpan.FromMilliseconds(10), BeforeReset = cts.Cancel };
        var engine = new NativeEngine(quiet, new NativeEngineOptions(), events, new WorkerLog(_ => { }), new EngineDescription());
        await engine.LoadModelAsync(Model(), null, CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.GenerateImageAsync(Spec(steps: 1000), null, cts.Token));

        // Without the re-issue the call would run all 1000 steps (10 s); the bound is loose for loaded CI machines.
        Assert.True(quiet.StepsRun < 500, $"ran {quiet.StepsRun} steps after the cancel");
    }

    [Fact]
    public async Task Already_cancelled_token_never_reaches_the_library()
    {
        await _engine.LoadModelAsync(Model(), null, CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _engine.GenerateImageAsync(Spec(), null, new CancellationToken(canceled: true)));

        Assert.Null(_library.LastPrompt);
    }

    [Fact]
    public async Task No_cancel_is_issued_after_the_call_returned()
    {
        await _engine.LoadModelAsync(Model(), null, CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var result = await _engine.GenerateImageAsync(Spec(), null, cts.Token);
        var calls = _library.CancelCalls;
        cts.Cancel();
        await Task.Delay(NativeCancellation.ReissueInterval * 3);

        Assert.True(result.Success);
        Assert.Equal(calls, _library.CancelCalls);
    }

    [Fact]
    public async Task ControlNet_is_swapped_in_once_per_new_path()
    {
        await _engine.LoadModelAsync(Model(), null, CancellationToken.None);
        var controlNet = Path.Combine(_dir, "canny.safetensors");
        File.WriteAllBytes(controlNet, [0]);

        await _engine.GenerateImageAsync(Spec() with { ControlNetPath = controlNet }, null, CancellationToken.None);
        await _engine.GenerateImageAsync(Spec() with { ControlNetPath = controlNet }, null, CancellationToken.None);

        Assert.Equal([controlNet], _library.ControlNetsLoaded);
    }

    [Fact]
    public async Task Upscaler_is_cached_per_model_path()
    {
        var first = Path.Combine(_dir, "x4.pth");
        var second = Path.Combine(_dir, "x2.pth");
        File.WriteAllBytes(first, [0]);
        File.WriteAllBytes(second, [0]);
        var image = new RawImage { Width = 8, Height = 4, Channels = 3, Pixels = new byte[8 * 4 * 3] };

        var a = await _engine.UpscaleAsync(new UpscaleSpec { ModelPath = first, Image = image }, null, CancellationToken.None);
        var b = await _engine.UpscaleAsync(new UpscaleSpec { ModelPath = first, Image = image }, null, CancellationToken.None);
        Assert.Equal(1, _library.UpscalersCreated);
        var c = await _engine.UpscaleAsync(new UpscaleSpec { ModelPath = second, Image = image }, null, CancellationToken.None);

        Assert.True(a.Success && b.Success && c.Success, a.Error ?? b.Error ?? c.Error);
        Assert.Equal((32, 16), (a.Image!.Width, a.Image.Height));
        Assert.Equal(2, _library.UpscalersCreated);
        Assert.Single(_library.FreedUpscalers);
        Assert.Equal(3, _library.FreedImages.Count);
    }

    [Fact]
    public async Task Upscale_factor_other_than_the_model_one_is_refused()
    {
        var model = Path.Combine(_dir, "x4.pth");
        File.WriteAllBytes(model, [0]);
        var image = new RawImage { Width = 2, Height = 2, Channels = 3, Pixels = new byte[12] };

        var result = await _engine.UpscaleAsync(new UpscaleSpec { ModelPath = model, Image = image, Factor = 2 }, null, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Equal($"ESRGAN model '{model}' upscales by 4, not 2; leave the factor out or pick a model for 2x", result.Error);
    }

    [Fact]
    public async Task Convert_looks_up_the_type_by_name_and_reports_the_output_size()
    {
        var output = Path.Combine(_dir, "out.q8_0.gguf");
        var progress = new ListProgress();

        var result = await _engine.ConvertAsync(new ConvertSpec { InputPath = _model, OutputPath = output, OutputType = "q8_0" }, progress, CancellationToken.None);

        Assert.True(result.Success, result.Error);
        Assert.Equal(123, result.OutputBytes);
        Assert.Equal((8, _model, output), _library.LastConvert);
        Assert.All(progress.Reports, r => Assert.Equal(ProgressPhase.Converting, r.Phase));
        Assert.Equal(3, progress.Reports.Count);
    }

    [Fact]
    public async Task Convert_to_an_unknown_type_is_refused()
    {
        var result = await _engine.ConvertAsync(new ConvertSpec { InputPath = _model, OutputPath = Path.Combine(_dir, "o.gguf"), OutputType = "q9_9" }, null, CancellationToken.None);

        Assert.False(result.Success);
        Assert.StartsWith("unknown output type 'q9_9'; the library knows f32, f16", result.Error);
        Assert.Null(_library.LastConvert);
    }

    private ModelLoadSpec Model(string id = "m") => new() { ModelId = id, ModelPath = _model };

    private static ImageGenerationSpec Spec(int steps = 2, int batch = 1, long seed = 42) => new()
    {
        JobId = "job", Prompt = "a lighthouse", Width = 64, Height = 64, Steps = steps, BatchCount = batch, Seed = seed,
    };

    private string Stderr()
    {
        lock (_stderr) return string.Join('\n', _stderr);
    }
}
