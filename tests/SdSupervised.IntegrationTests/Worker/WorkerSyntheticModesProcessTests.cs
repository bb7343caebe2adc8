using SdSupervised.Contracts;

namespace SdSupervised.IntegrationTests.Worker;

/// <summary>
/// img2img, inpainting, ControlNet, LoRAs and hires fix through the real worker process and pipe, in both
/// formatters: the input images survive the trip and have their exact effect.
/// </summary>
public sealed class WorkerSyntheticModesProcessTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(RpcFormatterKind.MessagePack)]
    [InlineData(RpcFormatterKind.Json)]
    public async Task Img2img_at_strength_0_returns_the_init_image_byte_for_byte(RpcFormatterKind formatter)
    {
        await using var worker = await StartLoadedAsync(formatter);
        var init = NoiseImage(64, 48, 3, seed: 1);
        var progress = new CollectingProgress();

        var result = await worker.Rpc.GenerateImageAsync(WorkerSpecs.Image(steps: 10) with { InitImage = init, Strength = 0f }, progress, CancellationToken.None);

        Assert.True(result.Success, result.Error);
        Assert.Equal(init.Pixels, result.Images[0].Pixels);
        // Strength 0 leaves the library one step to sample.
        Assert.True(await Poll.UntilAsync(() => progress.Count == 1, Deadline), $"got {progress.Count} progress reports");
        Assert.Equal((1, 1), (progress.Snapshot()[0].Step, progress.Snapshot()[0].Steps));
    }

    [Fact]
    public async Task Img2img_at_strength_1_ignores_the_init_image_and_samples_every_step()
    {
        await using var worker = await StartLoadedAsync();
        var spec = WorkerSpecs.Image(steps: 6);
        var progress = new CollectingProgress();

        var txt2img = await worker.Rpc.GenerateImageAsync(spec, null, CancellationToken.None);
        var img2img = await worker.Rpc.GenerateImageAsync(spec with { InitImage = NoiseImage(64, 48, 3, seed: 2), Strength = 1f }, progress, CancellationToken.None);

        Assert.Equal(txt2img.Images[0].Pixels, img2img.Images[0].Pixels);
        Assert.True(await Poll.UntilAsync(() => progress.Count == 6, Deadline), $"got {progress.Count} progress reports");
    }

    [Fact]
    public async Task Inpainting_keeps_black_masked_pixels_and_repaints_white_ones()
    {
        await using var worker = await StartLoadedAsync();
        var init = NoiseImage(64, 48, 3, seed: 3);
        // RGBA mask: top half black (keep), bottom half white (repaint).
        var mask = new RawImage
        {
            Width = 64,
            Height = 48,
            Channels = 4,
            Pixels = Enumerable.Range(0, 64 * 48).SelectMany(i => i / 64 < 24 ? new byte[] { 0, 0, 0, 255 } : [255, 255, 255, 255]).ToArray(),
        };

        var result = await worker.Rpc.GenerateImageAsync(
            WorkerSpecs.Image() with { InitImage = init, MaskImage = mask, Strength = 1f }, null, CancellationToken.None);

        Assert.True(result.Success, result.Error);
        var half = 64 * 24 * 3;
        Assert.Equal(init.Pixels[..half], result.Images[0].Pixels[..half]);
        var changed = Enumerable.Range(half, half).Count(i => init.Pixels[i] != result.Images[0].Pixels[i]);
        Assert.True(changed > half / 2, $"only {changed} of {half} repainted bytes changed");
    }

    [Fact]
    public async Task Control_image_strength_and_lora_weight_change_the_output()
    {
        await using var worker = await StartLoadedAsync();
        var spec = WorkerSpecs.Image();
        var control = NoiseImage(64, 48, 1, seed: 4);

        var plain = await worker.Rpc.GenerateImageAsync(spec, null, CancellationToken.None);
        var controlled = await worker.Rpc.GenerateImageAsync(spec with { ControlImage = control }, null, CancellationToken.None);
        var weaker = await worker.Rpc.GenerateImageAsync(spec with { ControlImage = control, ControlStrength = 0.4f }, null, CancellationToken.None);
        var lora = await worker.Rpc.GenerateImageAsync(spec with { Loras = [new LoraSpec { Path = "/models/loras/ink.safetensors", Multiplier = 1f }] }, null, CancellationToken.None);
        var halfLora = await worker.Rpc.GenerateImageAsync(spec with { Loras = [new LoraSpec { Path = "/models/loras/ink.safetensors", Multiplier = 0.5f }] }, null, CancellationToken.None);

        Assert.All(new[] { controlled, weaker, lora, halfLora }, r => Assert.True(r.Success, r.Error));
        Assert.NotEqual(plain.Images[0].Pixels, controlled.Images[0].Pixels);
        Assert.NotEqual(controlled.Images[0].Pixels, weaker.Images[0].Pixels);
        Assert.NotEqual(plain.Images[0].Pixels, lora.Images[0].Pixels);
        Assert.NotEqual(lora.Images[0].Pixels, halfLora.Images[0].Pixels);
        Assert.True(await worker.WaitForStderrAsync("without a ControlNet", Deadline), worker.Stderr);
    }

    [Fact]
    public async Task Hires_returns_the_hires_size_after_a_second_pass_with_its_own_steps()
    {
        await using var worker = await StartLoadedAsync();
        var progress = new CollectingProgress();

        var result = await worker.Rpc.GenerateImageAsync(
            WorkerSpecs.Image(steps: 4) with { Hires = new HiresFixSpec { TargetWidth = 128, TargetHeight = 96, Steps = 3 } }, progress, CancellationToken.None);

        Assert.True(result.Success, result.Error);
        var image = Assert.Single(result.Images);
        Assert.Equal((128, 96, 128 * 96 * 3), (image.Width, image.Height, image.Pixels.Length));
        Assert.True(await Poll.UntilAsync(() => progress.Count == 7, Deadline), $"got {progress.Count} progress reports");
        Assert.Equal([(1, 4), (2, 4), (3, 4), (4, 4), (1, 3), (2, 3), (3, 3)], progress.Snapshot().Select(p => (p.Step, p.Steps)));
    }

    [Fact]
    public async Task Init_image_with_a_short_pixel_buffer_is_a_clean_failure_and_the_worker_goes_on()
    {
        await using var worker = await StartLoadedAsync();
        var broken = NoiseImage(64, 48, 3, seed: 5) with { Pixels = new byte[100] };

        var failed = await worker.Rpc.GenerateImageAsync(WorkerSpecs.Image() with { InitImage = broken }, null, CancellationToken.None);
        var next = await worker.Rpc.GenerateImageAsync(WorkerSpecs.Image(), null, CancellationToken.None);

        Assert.False(failed.Success);
        Assert.Contains("init image", failed.Error);
        Assert.Contains("100 bytes", failed.Error);
        Assert.True(next.Success, next.Error);
        Assert.False(worker.HasExited);
    }

    [Fact]
    public async Task Same_inpainting_request_twice_gives_identical_bytes_over_the_pipe()
    {
        await using var worker = await StartLoadedAsync();
        var spec = WorkerSpecs.Image() with
        {
            InitImage = NoiseImage(32, 24, 3, seed: 6),
            MaskImage = NoiseImage(64, 48, 1, seed: 7),
            ControlImage = NoiseImage(64, 48, 3, seed: 8),
            Loras = [new LoraSpec { Path = "/models/loras/ink.safetensors", Multiplier = 0.6f }],
            Hires = new HiresFixSpec { Scale = 1.5f, Steps = 2 },
        };

        var first = await worker.Rpc.GenerateImageAsync(spec, null, CancellationToken.None);
        var second = await worker.Rpc.GenerateImageAsync(spec with { JobId = "job-again" }, null, CancellationToken.None);

        Assert.True(first.Success, first.Error);
        Assert.Equal(first.Images[0].Pixels, second.Images[0].Pixels);
    }

    private static async Task<WorkerProcess> StartLoadedAsync(RpcFormatterKind formatter = RpcFormatterKind.MessagePack)
    {
        var worker = await WorkerProcess.StartSyntheticAsync(stepMs: 2, formatter: formatter);
        try
        {
            var loaded = await worker.Rpc.LoadModelAsync(WorkerSpecs.Model(), null, CancellationToken.None);
            Assert.True(loaded.Success, loaded.Error);
            return worker;
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }
    }

    /// <summary>Deterministic noise (a 64-bit LCG), nothing like the painted scene.</summary>
    private static RawImage NoiseImage(int width, int height, int channels, ulong seed)
    {
        var state = seed * 0x9E3779B97F4A7C15UL + 1;
        var pixels = new byte[width * height * channels];
        for (var i = 0; i < pixels.Length; i++)
        {
            state = state * 6364136223846793005UL + 1442695040888963407UL;
            pixels[i] = (byte)(state >> 56);
        }
        return new RawImage { Width = width, Height = height, Channels = channels, Pixels = pixels };
    }
}
