using SdSupervised.Contracts;
using SdSupervised.Tests.Worker;
using SdSupervised.Worker.Engines;
using SdSupervised.Worker.Engines.Native;
using SdSupervised.Worker.Logging;
using SdSupervised.Worker.Native;

namespace SdSupervised.Tests.Native;

/// <summary>generate_video through the engine against the scripted library: mapping, frame ownership, progress across both Wan 2.2 models, cancel.</summary>
public sealed class NativeVideoTests : IDisposable
{
    private readonly FakeSdLibrary _library = new();
    private readonly NativeEngine _engine;
    private readonly string _dir = Directory.CreateTempSubdirectory("sds-video-").FullName;
    private readonly string _model;
    private readonly string _highNoise;

    public NativeVideoTests()
    {
        var events = new NativeEventHub(_ => { });
        _library.InstallCallbacks(events);
        _engine = new NativeEngine(_library, new NativeEngineOptions { Backend = "cpu" }, events, new WorkerLog(_ => { }), new EngineDescription { NativeVersion = _library.Version });
        _model = Path.Combine(_dir, "wan2.2_t2v_low_noise_14B.gguf");
        _highNoise = Path.Combine(_dir, "wan2.2_t2v_high_noise_14B.gguf");
        File.WriteAllBytes(_model, [0]);
        File.WriteAllBytes(_highNoise, [0]);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Video_copies_every_frame_with_the_clip_seed_then_frees_the_library_memory()
    {
        await _engine.LoadModelAsync(Model(), null, CancellationToken.None);

        var result = await _engine.GenerateVideoAsync(Spec(frames: 5), null, CancellationToken.None);

        Assert.True(result.Success, result.Error);
        Assert.Equal(16, result.Fps);
        Assert.Equal([1, 2, 3, 4, 5], result.Frames.Select(f => (int)f.Pixels[0]));
        Assert.All(result.Frames, f => Assert.Equal((64, 48, 3, 7L), (f.Width, f.Height, f.Channels, f.Seed)));
        Assert.Equal([(_library.AllocatedImages.Single(), 5)], _library.FreedImages);
        Assert.Equal("a river at dawn", _library.LastPrompt);
    }

    [Fact]
    public async Task Video_request_maps_onto_the_library_struct_and_keeps_its_defaults()
    {
        await _engine.LoadModelAsync(Model(), null, CancellationToken.None);
        var init = new RawImage { Width = 2, Height = 2, Channels = 3, Pixels = new byte[12] };

        var result = await _engine.GenerateVideoAsync(Spec(frames: 9) with
        {
            Fps = 24, CfgScale = 5f, FlowShift = 3f, SamplingMethod = "euler", InitImage = init, EndImage = init, Strength = 0.5f,
        }, null, CancellationToken.None);

        Assert.True(result.Success, result.Error);
        var p = _library.LastVideoParams;
        Assert.Equal((64, 48, 9, 24, 7L), (p.Width, p.Height, p.VideoFrames, p.Fps, p.Seed));
        Assert.Equal((4, 5f, 3f), (p.SampleParams.SampleSteps, p.SampleParams.Guidance.TxtCfg, p.SampleParams.FlowShift));
        Assert.Equal(Array.IndexOf(FakeSdNames.Samplers, "euler"), p.SampleParams.SampleMethod);
        Assert.Equal((2u, 2u, 3u), (p.InitImage.Width, p.InitImage.Height, p.InitImage.Channel));
        Assert.Equal((2u, 2u), (p.EndImage.Width, p.EndImage.Height));
        Assert.Equal(0.5f, p.Strength);
        // Not set by the request: the library's own.
        var defaults = NativeDefaults.Video();
        Assert.Equal(defaults.MoeBoundary, p.MoeBoundary);
        Assert.Equal(-1, p.HighNoiseSampleParams.SampleSteps);
        Assert.Equal(defaults.SampleParams.Eta, p.SampleParams.Eta);
        // The high-noise run follows the request's CFG and sampler unless told otherwise.
        Assert.Equal((5f, Array.IndexOf(FakeSdNames.Samplers, "euler")), (p.HighNoiseSampleParams.Guidance.TxtCfg, p.HighNoiseSampleParams.SampleMethod));
    }

    [Fact]
    public async Task Wan22_pair_reports_one_count_across_the_high_and_low_noise_runs()
    {
        await _engine.LoadModelAsync(Model() with { HighNoiseDiffusionModelPath = _highNoise }, null, CancellationToken.None);
        var progress = new ListProgress();

        var result = await _engine.GenerateVideoAsync(Spec() with
        {
            Steps = 4,
            HighNoise = new VideoHighNoiseSpec { Steps = 3, CfgScale = 3.5f, SamplingMethod = "euler_a" },
        }, progress, CancellationToken.None);

        Assert.True(result.Success, result.Error);
        var p = _library.LastVideoParams;
        Assert.Equal((3, 3.5f, Array.IndexOf(FakeSdNames.Samplers, "euler_a")), (p.HighNoiseSampleParams.SampleSteps, p.HighNoiseSampleParams.Guidance.TxtCfg, p.HighNoiseSampleParams.SampleMethod));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], progress.Reports.Select(r => r.Step));
        Assert.All(progress.Reports, r => Assert.Equal((ProgressPhase.Sampling, 7), (r.Phase, r.Steps)));
    }

    [Fact]
    public async Task Wan22_pair_split_by_the_library_still_counts_to_the_requested_steps()
    {
        await _engine.LoadModelAsync(Model() with { HighNoiseDiffusionModelPath = _highNoise }, null, CancellationToken.None);
        _library.AutoHighNoiseSteps = 2;
        var progress = new ListProgress();

        var result = await _engine.GenerateVideoAsync(Spec() with { Steps = 6 }, progress, CancellationToken.None);

        Assert.True(result.Success, result.Error);
        Assert.Equal([1, 2, 3, 4, 5, 6], progress.Reports.Select(r => r.Step));
        Assert.All(progress.Reports, r => Assert.Equal(6, r.Steps));
    }

    [Fact]
    public async Task Cancel_during_video_sampling_stops_and_throws()
    {
        await _engine.LoadModelAsync(Model(), null, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        _library.AfterStep = step =>
        {
            if (step == 2)
                cts.Cancel();
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _engine.GenerateVideoAsync(Spec() with { Steps = 50 }, null, cts.Token));

        Assert.InRange(_library.StepsRun, 2, 3);
        Assert.Empty(_library.AllocatedImages);
    }

    [Fact]
    public async Task Video_the_library_fails_is_a_clean_result_with_its_error_lines()
    {
        await _engine.LoadModelAsync(Model(), null, CancellationToken.None);
        _library.FailGenerate = true;

        var result = await _engine.GenerateVideoAsync(Spec(), null, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Equal("the library returned no frames: stable-diffusion.cpp:6585 - decode_first_stage failed for video", result.Error);
    }

    [Theory]
    [InlineData(0, 16, "video frames must be 1..1024, got 0")]
    [InlineData(5, 0, "fps must be at least 1, got 0")]
    public async Task Bad_video_specs_fail_before_the_library_is_called(int frames, int fps, string error)
    {
        await _engine.LoadModelAsync(Model(), null, CancellationToken.None);

        var result = await _engine.GenerateVideoAsync(Spec(frames) with { Fps = fps }, null, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Equal(error, result.Error);
        Assert.Null(_library.LastPrompt);
    }

    [Fact]
    public async Task End_image_without_an_init_image_is_refused()
    {
        await _engine.LoadModelAsync(Model(), null, CancellationToken.None);

        var result = await _engine.GenerateVideoAsync(Spec() with { EndImage = new RawImage { Width = 1, Height = 1, Channels = 3, Pixels = new byte[3] } }, null, CancellationToken.None);

        Assert.Equal("an end image (FLF2V) needs an init image for the first frame", result.Error);
    }

    private ModelLoadSpec Model() => new() { ModelId = "wan", DiffusionModelPath = _model };

    private static VideoGenerationSpec Spec(int frames = 3) => new()
    {
        JobId = "job", Prompt = "a river at dawn", Width = 64, Height = 48, Steps = 4, VideoFrames = frames, Fps = 16, Seed = 7,
    };
}
