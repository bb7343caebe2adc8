using SdSupervised.Contracts;
using SdSupervised.Worker.Engines.Synthetic;
using SdSupervised.Worker.Faults;
using SdSupervised.Worker.Logging;

namespace SdSupervised.Tests.Worker;

/// <summary>The synthetic engine's video: a deterministic moving picture with real per-step progress across both Wan 2.2 models.</summary>
public sealed class SyntheticVideoTests
{
    private readonly List<string> _log = [];

    [Fact]
    public async Task Same_spec_gives_the_same_frames_and_neighbouring_frames_differ()
    {
        var a = await GenerateAsync(Spec());
        var b = await GenerateAsync(Spec());

        Assert.True(a.Success, a.Error);
        Assert.Equal(9, a.Frames.Length);
        Assert.Equal(a.Frames.Select(f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(f.Pixels))),
            b.Frames.Select(f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(f.Pixels))));
        for (var i = 1; i < a.Frames.Length; i++)
            Assert.False(a.Frames[i].Pixels.AsSpan().SequenceEqual(a.Frames[i - 1].Pixels), $"frame {i} equals frame {i - 1}");
        Assert.All(a.Frames, f => Assert.Equal((64, 48, 3, 64 * 48 * 3), (f.Width, f.Height, f.Channels, f.Pixels.Length)));
    }

    [Fact]
    public async Task Another_seed_gives_another_video()
    {
        var a = await GenerateAsync(Spec());
        var b = await GenerateAsync(Spec() with { Seed = 8 });

        Assert.False(a.Frames[0].Pixels.AsSpan().SequenceEqual(b.Frames[0].Pixels));
    }

    [Fact]
    public async Task Init_image_is_the_first_frame_and_the_end_image_the_last()
    {
        var red = Solid(64, 48, 200, 10, 10);
        var blue = Solid(32, 24, 10, 10, 200);

        var result = await GenerateAsync(Spec() with { InitImage = red, EndImage = blue });

        Assert.Equal(red.Pixels, result.Frames[0].Pixels);
        Assert.All(result.Frames[^1].Pixels.Chunk(3), px => Assert.Equal([10, 10, 200], px.Select(b => (int)b)));
    }

    [Fact]
    public async Task Progress_counts_high_noise_then_low_noise_steps_as_one_total()
    {
        var progress = new ListProgress();
        var load = new ModelLoadSpec { ModelId = "wan22", DiffusionModelPath = "/m/low.gguf", HighNoiseDiffusionModelPath = "/m/high.gguf" };

        var result = await GenerateAsync(Spec() with { Steps = 4, HighNoise = new VideoHighNoiseSpec { Steps = 2 } }, progress, load);

        Assert.True(result.Success, result.Error);
        Assert.Equal([1, 2, 3, 4, 5, 6], progress.Reports.Select(r => r.Step));
        Assert.All(progress.Reports, r => Assert.Equal((ProgressPhase.Sampling, 6), (r.Phase, r.Steps)));
        Assert.Contains(_log, l => l.Contains("high-noise sampling done after 2 of 6 steps", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Clean_fault_fails_the_video_at_its_step()
    {
        var progress = new ListProgress();

        var result = await GenerateAsync(Spec() with { Fault = new FaultSpec { Kind = InjectedFault.Fail, Step = 2 } }, progress, faults: true);

        Assert.False(result.Success);
        Assert.Single(progress.Reports);
    }

    [Fact]
    public async Task Cancel_stops_the_video_between_steps()
    {
        using var cts = new CancellationTokenSource();
        var progress = new ListProgress(r =>
        {
            if (r.Step == 2)
                cts.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => GenerateAsync(Spec() with { Steps = 50 }, progress, token: cts.Token));
        Assert.InRange(progress.Reports.Count, 2, 3);
    }

    private async Task<VideoResult> GenerateAsync(VideoGenerationSpec spec, IProgress<GenerationProgress>? progress = null, ModelLoadSpec? load = null,
        bool faults = false, CancellationToken token = default)
    {
        var log = new WorkerLog(line => { lock (_log) _log.Add(line); });
        var engine = new SyntheticEngine(new SyntheticEngineOptions { StepTime = TimeSpan.FromMilliseconds(1), LoadTime = TimeSpan.Zero },
            new FaultInjector(faults, log), log);
        await engine.LoadModelAsync(load ?? new ModelLoadSpec { ModelId = "wan21" }, null, CancellationToken.None);
        return await engine.GenerateVideoAsync(spec, progress, token);
    }

    private static VideoGenerationSpec Spec() => new()
    {
        JobId = "job", Prompt = "a river at dawn", Width = 64, Height = 48, Steps = 3, VideoFrames = 9, Fps = 16, Seed = 7,
    };

    private static RawImage Solid(int width, int height, byte r, byte g, byte b)
    {
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i += 3)
            (pixels[i], pixels[i + 1], pixels[i + 2]) = (r, g, b);
        return new RawImage { Width = width, Height = height, Channels = 3, Pixels = pixels };
    }
}
