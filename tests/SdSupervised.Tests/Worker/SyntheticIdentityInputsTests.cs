using SdSupervised.Contracts;
using SdSupervised.Worker.Engines.Synthetic;
using SdSupervised.Worker.Faults;
using SdSupervised.Worker.Logging;

namespace SdSupervised.Tests.Worker;

/// <summary>Reference images, PhotoMaker ID images and the canny preprocessor on the synthetic engine: each changes the picture, the same way every time.</summary>
public sealed class SyntheticIdentityInputsTests
{
    private const int Width = 64;
    private const int Height = 48;

    private static readonly ImageGenerationSpec BaseSpec = new()
    {
        JobId = "job-identity",
        Prompt = "a portrait of a man img",
        Width = Width,
        Height = Height,
        Steps = 4,
        Seed = 5,
    };

    private readonly List<string> _log = [];

    [Fact]
    public async Task A_reference_image_washes_the_picture_with_its_mean_colour()
    {
        var plain = await PixelsAsync(BaseSpec);
        var red = await PixelsAsync(BaseSpec with { RefImages = [Solid(32, 16, 240, 0, 0)] });
        var blue = await PixelsAsync(BaseSpec with { RefImages = [Solid(32, 16, 0, 0, 240)] });

        Assert.True(PixelDiff.DifferingFraction(plain, red) > 0.9);
        Assert.True(PixelDiff.DifferingFraction(red, blue) > 0.6); // their green is the same
        Assert.True(Mean(red, 0) > Mean(plain, 0) && Mean(red, 2) < Mean(blue, 2), "the red reference reddens, the blue one blues");
        Assert.Equal(red, await PixelsAsync(BaseSpec with { RefImages = [Solid(32, 16, 240, 0, 0)] }));
    }

    [Fact]
    public void Several_reference_images_count_by_their_pixels_mean()
    {
        Assert.Equal((120, 0, 120), SyntheticIdentityTint.MeanColour([Solid(2, 2, 240, 0, 0), Solid(2, 2, 0, 0, 240)]));
        Assert.Equal((10, 10, 10), SyntheticIdentityTint.MeanColour([new RawImage { Width = 1, Height = 1, Channels = 1, Pixels = [10] }]));
    }

    [Fact]
    public async Task PhotoMaker_id_images_wash_the_centre_only_and_less_with_more_style_strength()
    {
        var plain = await PixelsAsync(BaseSpec);
        var pm = await PixelsAsync(BaseSpec with { PhotoMaker = new PhotoMakerSpec { IdImages = [Solid(8, 8, 255, 200, 0)] } });
        var styled = await PixelsAsync(BaseSpec with { PhotoMaker = new PhotoMakerSpec { IdImages = [Solid(8, 8, 255, 200, 0)], StyleStrength = 90 } });

        Assert.Equal(Pixel(plain, 0, 0), Pixel(pm, 0, 0));
        Assert.Equal(Pixel(plain, Width - 1, Height - 1), Pixel(pm, Width - 1, Height - 1));
        Assert.NotEqual(Pixel(plain, Width / 2, Height / 2), Pixel(pm, Width / 2, Height / 2));
        Assert.NotEqual(pm, styled);
        Assert.True(Distance(plain, styled) < Distance(plain, pm), "style strength 90 merges the identity less than the default 20");
        Assert.Contains(_log, l => l.Contains("PhotoMaker ID images without PhotoMaker weights", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Canny_turns_the_control_image_into_edges_before_it_steers()
    {
        var control = HalfDark(Width, Height);
        var asGiven = await PixelsAsync(BaseSpec with { ControlImage = control });
        var canny = await PixelsAsync(BaseSpec with { ControlImage = control, ControlCanny = new CannySpec() });
        var inverse = await PixelsAsync(BaseSpec with { ControlImage = control, ControlCanny = new CannySpec { Inverse = true } });

        Assert.NotEqual(asGiven, canny);
        Assert.NotEqual(canny, inverse);
        Assert.Equal(canny, await PixelsAsync(BaseSpec with { ControlImage = control, ControlCanny = new CannySpec() }));
    }

    [Fact]
    public void The_edge_map_is_bright_on_the_edge_and_black_elsewhere()
    {
        var luminance = new byte[8 * 4];
        for (var y = 0; y < 4; y++)
            for (var x = 4; x < 8; x++)
                luminance[y * 8 + x] = 255;

        var edges = SyntheticCanny.EdgeMap(luminance, 8, 4, new CannySpec());
        var inverse = SyntheticCanny.EdgeMap(luminance, 8, 4, new CannySpec { Inverse = true, Strong = 0.5f });

        Assert.Equal([0, 0, 0, 255, 255, 0, 0, 0], edges[..8]);
        Assert.Equal([255, 255, 255, 127, 127, 255, 255, 255], inverse[..8]);
    }

    [Fact]
    public async Task Bad_inputs_fail_with_the_native_engines_words()
    {
        var engine = await LoadedEngineAsync();
        var broken = new RawImage { Width = 4, Height = 4, Channels = 3, Pixels = new byte[5] };

        var badRef = await engine.GenerateImageAsync(BaseSpec with { RefImages = [broken] }, null, CancellationToken.None);
        var noIds = await engine.GenerateImageAsync(BaseSpec with { PhotoMaker = new PhotoMakerSpec() }, null, CancellationToken.None);
        var noControl = await engine.GenerateImageAsync(BaseSpec with { ControlCanny = new CannySpec() }, null, CancellationToken.None);

        Assert.Equal("reference image 1 is 4x4x3 but carries 5 bytes, not 48", badRef.Error);
        Assert.Equal("PhotoMaker needs at least one ID image", noIds.Error);
        Assert.Equal("the canny preprocessor needs a control image", noControl.Error);
    }

    private static RawImage Solid(int width, int height, byte r, byte g, byte b)
    {
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i += 3)
            (pixels[i], pixels[i + 1], pixels[i + 2]) = (r, g, b);
        return new RawImage { Width = width, Height = height, Channels = 3, Pixels = pixels };
    }

    private static RawImage HalfDark(int width, int height)
    {
        var pixels = new byte[width * height];
        for (var i = 0; i < pixels.Length; i++)
            pixels[i] = i % width < width / 2 ? (byte)0 : (byte)255;
        return new RawImage { Width = width, Height = height, Channels = 1, Pixels = pixels };
    }

    private static (byte, byte, byte) Pixel(byte[] rgb, int x, int y) => (rgb[(y * Width + x) * 3], rgb[(y * Width + x) * 3 + 1], rgb[(y * Width + x) * 3 + 2]);

    private static double Mean(byte[] rgb, int channel) => rgb.Where((_, i) => i % 3 == channel).Average(b => (double)b);

    private static long Distance(byte[] a, byte[] b) => a.Zip(b, (x, y) => (long)Math.Abs(x - y)).Sum();

    private async Task<byte[]> PixelsAsync(ImageGenerationSpec spec)
    {
        var engine = await LoadedEngineAsync();
        var result = await engine.GenerateImageAsync(spec, null, CancellationToken.None);
        Assert.True(result.Success, result.Error);
        return result.Images[0].Pixels;
    }

    private async Task<SyntheticEngine> LoadedEngineAsync()
    {
        var log = new WorkerLog(line =>
        {
            lock (_log) _log.Add(line);
        });
        var engine = new SyntheticEngine(new SyntheticEngineOptions { StepTime = TimeSpan.FromMilliseconds(1), LoadTime = TimeSpan.Zero }, new FaultInjector(false, log), log);
        var loaded = await engine.LoadModelAsync(new ModelLoadSpec { ModelId = "test-model" }, null, CancellationToken.None);
        Assert.True(loaded.Success, loaded.Error);
        return engine;
    }
}
