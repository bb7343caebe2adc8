using SdSupervised.Contracts;
using SdSupervised.Tests.Worker;
using SdSupervised.Worker.Engines.Synthetic;
using SdSupervised.Worker.Faults;
using SdSupervised.Worker.Logging;

namespace SdSupervised.Tests.Native;

/// <summary>Protocol 2's upscale and convert on the synthetic engine (kept with the native tests: same issue).</summary>
public sealed class SyntheticUpscaleConvertTests
{
    private readonly SyntheticEngine _engine = new(
        new SyntheticEngineOptions { StepTime = TimeSpan.Zero, LoadTime = TimeSpan.Zero },
        new FaultInjector(false, new WorkerLog(_ => { })),
        new WorkerLog(_ => { }));

    [Fact]
    public async Task Synthetic_upscale_is_a_deterministic_nearest_neighbour_resize()
    {
        var image = new RawImage { Width = 2, Height = 1, Channels = 3, Pixels = [1, 2, 3, 4, 5, 6] };
        var progress = new ListProgress();

        var result = await _engine.UpscaleAsync(new UpscaleSpec { Image = image, Factor = 2 }, progress, CancellationToken.None);

        Assert.True(result.Success, result.Error);
        Assert.Equal((4, 2, 3), (result.Image!.Width, result.Image.Height, result.Image.Channels));
        Assert.Equal(new byte[] { 1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6, 1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6 }, result.Image.Pixels);
        Assert.Equal(ProgressPhase.Upscaling, Assert.Single(progress.Reports).Phase);
    }

    [Fact]
    public async Task Synthetic_upscale_defaults_to_four_times()
    {
        var image = new RawImage { Width = 3, Height = 2, Channels = 1, Pixels = new byte[6] };

        var result = await _engine.UpscaleAsync(new UpscaleSpec { Image = image }, null, CancellationToken.None);

        Assert.Equal((12, 8), (result.Image!.Width, result.Image.Height));
    }

    [Fact]
    public async Task Synthetic_upscale_of_a_malformed_image_fails_cleanly()
    {
        var result = await _engine.UpscaleAsync(new UpscaleSpec { Image = new RawImage { Width = 3, Height = 2, Channels = 3, Pixels = new byte[5] } }, null, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Equal("image 3x2x3 does not match its 5 bytes", result.Error);
    }

    [Fact]
    public async Task Synthetic_convert_says_it_is_not_supported()
    {
        var result = await _engine.ConvertAsync(new ConvertSpec { InputPath = "a", OutputPath = "b", OutputType = "q8_0" }, null, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Equal("model conversion is not supported by the synthetic engine (it has no model files); run the worker with --engine native", result.Error);
    }
}
