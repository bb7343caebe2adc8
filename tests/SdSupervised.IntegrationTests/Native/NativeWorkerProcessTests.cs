using System.Diagnostics;
using SdSupervised.Contracts;
using SdSupervised.IntegrationTests.Worker;
using StreamJsonRpc;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Native;

/// <summary>
/// The real worker process on the real libstable-diffusion.so, over the real pipe, with a generated random-weight
/// SDXS-layout model: every mode the engine maps, cancellation, upscale, convert, and the two ways a damaged
/// file can go (clean load failure when loading eagerly, a native abort when loading lazily).
/// Skipped, with the reason, unless SDS_NATIVE_LIBRARY is set.
/// </summary>
[Collection(NativeWorkerCollection.Name)]
public sealed class NativeWorkerProcessTests(TinyModelsFixture models, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [NativeLibraryFact]
    public async Task Hello_reports_the_pinned_library_and_its_cpu_device()
    {
        await using var worker = await NativeWorker.StartAsync();

        var info = await worker.Rpc.HelloAsync(WorkerProtocol.Version, CancellationToken.None);

        Assert.Equal(EngineKind.Native, info.Engine);
        Assert.Equal("master-827-97d2990", info.NativeVersion);
        Assert.StartsWith("97d2990", info.NativeCommit);
        Assert.Contains(info.Devices, d => d.StartsWith("CPU", StringComparison.Ordinal));
        Assert.Contains("cpu slot", worker.Stderr);
        output.WriteLine($"devices: {string.Join("; ", info.Devices)}; models generated in {models.GenerationTime.TotalSeconds:0.0}s");
    }

    [NativeLibraryFact]
    public async Task Txt2img_loads_the_model_and_returns_rgb_pixels_with_per_step_progress()
    {
        await using var worker = await NativeWorker.StartAsync();
        var loadProgress = new CollectingProgress();

        var loaded = await worker.Rpc.LoadModelAsync(Model(), loadProgress, CancellationToken.None);
        Assert.True(loaded.Success, loaded.Error);
        Assert.True(await Poll.UntilAsync(() => loadProgress.Count > 0, Deadline));
        Assert.All(loadProgress.Snapshot(), p => Assert.Equal(ProgressPhase.LoadingModel, p.Phase));

        var progress = new CollectingProgress();
        var watch = Stopwatch.StartNew();
        var result = await worker.Rpc.GenerateImageAsync(Image(steps: 2, batch: 2), progress, CancellationToken.None);
        var wall = watch.Elapsed;

        Assert.True(result.Success, result.Error);
        Assert.Equal([42L, 43L], result.Images.Select(i => i.Seed));
        Assert.All(result.Images, i => Assert.Equal((64, 64, 3, 64 * 64 * 3), (i.Width, i.Height, i.Channels, i.Pixels.Length)));
        Assert.True(await Poll.UntilAsync(() => progress.Snapshot().Count(p => p.Phase == ProgressPhase.Sampling) >= 4, Deadline), $"{progress.Count} reports");
        Assert.Equal(
            [(0, 1), (0, 2), (1, 1), (1, 2)],
            progress.Snapshot().Where(p => p.Phase == ProgressPhase.Sampling).Select(p => (p.BatchIndex, p.Step)));
        Assert.Empty(worker.StdoutLines.Where(l => l.Contains("it/s", StringComparison.Ordinal)));
        output.WriteLine($"load {loaded.LoadSeconds:0.00}s; txt2img 64x64, 2 steps, batch 2: engine {result.GenerationSeconds:0.00}s, end to end {wall.TotalSeconds:0.00}s");
    }

    [NativeLibraryFact]
    public async Task Same_seed_gives_the_same_pixels()
    {
        await using var worker = await NativeWorker.StartAsync();
        await LoadAsync(worker);

        var first = await worker.Rpc.GenerateImageAsync(Image(seed: 7), null, CancellationToken.None);
        var second = await worker.Rpc.GenerateImageAsync(Image(seed: 7), null, CancellationToken.None);

        Assert.True(first.Success && second.Success, first.Error ?? second.Error);
        Assert.Equal(first.Images[0].Pixels, second.Images[0].Pixels);
    }

    [NativeLibraryFact]
    public async Task Img2img_and_inpainting_run_through_the_worker()
    {
        await using var worker = await NativeWorker.StartAsync();
        await LoadAsync(worker);
        var init = Gradient(64, 64, 3);
        var mask = new RawImage { Width = 64, Height = 64, Channels = 1, Pixels = [.. Enumerable.Range(0, 64 * 64).Select(i => (byte)(i % 64 < 32 ? 0 : 255))] };

        var watch = Stopwatch.StartNew();
        var img2img = await worker.Rpc.GenerateImageAsync(Image(steps: 4) with { InitImage = init, Strength = 0.5f }, null, CancellationToken.None);
        var img2imgSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var inpaint = await worker.Rpc.GenerateImageAsync(Image(steps: 4) with { InitImage = init, MaskImage = mask, Strength = 1.0f }, null, CancellationToken.None);

        Assert.True(img2img.Success, img2img.Error);
        Assert.True(inpaint.Success, inpaint.Error);
        Assert.Equal((64, 64), (img2img.Images[0].Width, img2img.Images[0].Height));
        Assert.Equal((64, 64), (inpaint.Images[0].Width, inpaint.Images[0].Height));
        Assert.Contains("generate_image 64x64", worker.Stderr);
        output.WriteLine($"img2img {img2imgSeconds:0.00}s, inpainting {watch.Elapsed.TotalSeconds:0.00}s (4 steps, 64x64)");
    }

    [NativeLibraryFact]
    public async Task Hires_fix_and_vae_tiling_run_through_the_worker()
    {
        await using var worker = await NativeWorker.StartAsync();
        await LoadAsync(worker);

        var hires = await worker.Rpc.GenerateImageAsync(
            Image() with { Hires = new HiresFixSpec { Upscaler = "Latent", TargetWidth = 128, TargetHeight = 128, Steps = 1 } }, null, CancellationToken.None);
        var tiled = await worker.Rpc.GenerateImageAsync(Image() with { Width = 128, Height = 128, VaeTiling = true, VaeTileSize = 8 }, null, CancellationToken.None);

        Assert.True(hires.Success, hires.Error);
        Assert.Equal((128, 128), (hires.Images[0].Width, hires.Images[0].Height));
        Assert.Contains("hires fix: upscaling to 128x128", worker.Stderr);
        Assert.True(tiled.Success, tiled.Error);
        Assert.Equal((128, 128), (tiled.Images[0].Width, tiled.Images[0].Height));
    }

    [NativeLibraryFact]
    public async Task Sampler_and_scheduler_names_come_from_the_library()
    {
        await using var worker = await NativeWorker.StartAsync();
        await LoadAsync(worker);

        var ok = await worker.Rpc.GenerateImageAsync(Image() with { SamplingMethod = "dpm++2m", Scheduler = "karras" }, null, CancellationToken.None);
        var bad = await worker.Rpc.GenerateImageAsync(Image() with { SamplingMethod = "no_such_sampler" }, null, CancellationToken.None);

        Assert.True(ok.Success, ok.Error);
        Assert.Contains("dpm++2m", worker.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.False(bad.Success);
        Assert.StartsWith("unknown sampling method 'no_such_sampler'; the library knows euler, euler_a,", bad.Error);
    }

    [NativeLibraryFact]
    public async Task Cancel_stops_a_running_generation_within_a_step_and_the_worker_carries_on()
    {
        await using var worker = await NativeWorker.StartAsync();
        await LoadAsync(worker);
        using var cts = new CancellationTokenSource();
        var progress = new CollectingProgress();

        // Big enough that a step takes a measurable time, so "within one step" means something.
        var spec = Image(steps: 400) with { Width = 128, Height = 128 };
        var generation = worker.Rpc.GenerateImageAsync(spec, progress, cts.Token);
        Assert.True(await Poll.UntilAsync(() => progress.Count >= 3, Deadline), "no progress before the cancel");
        var stepSeconds = progress.Snapshot().Max(p => p.SecondsPerStep);
        var watch = Stopwatch.StartNew();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generation);
        var stopped = watch.Elapsed;
        output.WriteLine($"step time {stepSeconds * 1000:0} ms; the call returned {stopped.TotalMilliseconds:0} ms after the cancel, at step {progress.Snapshot().Max(p => p.Step)} of 400");
        // One step in flight finishes, the next check stops it; the rest is the pipe and scheduling.
        Assert.True(stopped.TotalSeconds < 2 * stepSeconds + 0.5, $"took {stopped.TotalMilliseconds:0} ms with {stepSeconds * 1000:0} ms steps");
        Assert.Contains($"generate job {spec.JobId}: cancelled", worker.Stderr);

        var after = await worker.Rpc.GenerateImageAsync(Image(), null, CancellationToken.None);
        Assert.True(after.Success, after.Error);
    }

    [NativeLibraryFact]
    public async Task Upscale_with_an_esrgan_model_multiplies_the_size_by_its_factor()
    {
        await using var worker = await NativeWorker.StartAsync();

        var watch = Stopwatch.StartNew();
        var result = await worker.Rpc.UpscaleAsync(new UpscaleSpec { JobId = "up", ModelPath = models.Esrgan, Image = Gradient(16, 8, 3) }, null, CancellationToken.None);
        var again = await worker.Rpc.UpscaleAsync(new UpscaleSpec { JobId = "up2", ModelPath = models.Esrgan, Image = Gradient(16, 8, 3) }, null, CancellationToken.None);

        Assert.True(result.Success, result.Error);
        Assert.True(again.Success, again.Error);
        Assert.Equal((64, 32, 3), (result.Image!.Width, result.Image.Height, result.Image.Channels));
        Assert.Equal(1, CountOccurrences(worker.Stderr, "Upscaler weight type"));
        output.WriteLine($"two 16x8 x4 upscales in {watch.Elapsed.TotalSeconds:0.00}s (model loaded once)");
    }

    [NativeLibraryFact]
    public async Task Convert_to_q8_0_writes_a_gguf_the_library_loads()
    {
        var target = Path.Combine(Path.GetTempPath(), $"sds-convert-{Guid.NewGuid():N}.q8_0.gguf");
        try
        {
            await using var worker = await NativeWorker.StartAsync();
            var progress = new CollectingProgress();

            var result = await worker.Rpc.ConvertAsync(new ConvertSpec { JobId = "c", InputPath = models.Model, OutputPath = target, OutputType = "q8_0" }, progress, CancellationToken.None);

            Assert.True(result.Success, result.Error);
            Assert.True(result.OutputBytes > 1_000_000);
            Assert.True(await Poll.UntilAsync(() => progress.Count > 0, Deadline));
            Assert.All(progress.Snapshot(), p => Assert.Equal(ProgressPhase.Converting, p.Phase));
            var loaded = await worker.Rpc.LoadModelAsync(new ModelLoadSpec { ModelId = "q8", ModelPath = target }, null, CancellationToken.None);
            Assert.True(loaded.Success, loaded.Error);
            var image = await worker.Rpc.GenerateImageAsync(Image(), null, CancellationToken.None);
            Assert.True(image.Success, image.Error);
            output.WriteLine($"convert to q8_0: {result.Seconds:0.00}s, {result.OutputBytes / 1048576.0:0.0} MiB");
        }
        finally
        {
            File.Delete(target);
        }
    }

    [NativeLibraryFact]
    public async Task Truncated_model_fails_the_load_cleanly_and_the_worker_stays_usable()
    {
        await using var worker = await NativeWorker.StartAsync();

        var broken = await worker.Rpc.LoadModelAsync(new ModelLoadSpec { ModelId = "broken", ModelPath = models.Truncated }, null, CancellationToken.None);

        Assert.False(broken.Success);
        Assert.StartsWith("the library could not load model broken (new_sd_ctx returned NULL): ", broken.Error);
        Assert.False(worker.HasExited);
        await LoadAsync(worker);
        var result = await worker.Rpc.GenerateImageAsync(Image(), null, CancellationToken.None);
        Assert.True(result.Success, result.Error);
        output.WriteLine($"load failure said: {broken.Error}");
    }

    [NativeLibraryFact]
    public async Task Truncated_model_loaded_lazily_aborts_the_worker_inside_the_library()
    {
        // The library's own failure mode, kept as a real native-crash test: lazy loading lets the damaged file
        // through new_sd_ctx, and generate_image then dies on a GGML_ASSERT (SIGABRT).
        await using var worker = await NativeWorker.StartAsync("--native-lazy-load");
        var loaded = await worker.Rpc.LoadModelAsync(new ModelLoadSpec { ModelId = "broken", ModelPath = models.Truncated }, null, CancellationToken.None);
        Assert.True(loaded.Success, $"lazy load was expected to pass: {loaded.Error}");

        var generation = worker.Rpc.GenerateImageAsync(Image(), null, CancellationToken.None);

        await Assert.ThrowsAnyAsync<Exception>(() => generation);
        var exit = await worker.WaitForExitAsync(Deadline);
        output.WriteLine($"exit {exit}; last stderr: {worker.Stderr.Split('\n').LastOrDefault(l => l.Length > 0)}");
        Assert.Equal(128 + 6, exit);
        Assert.Contains("GGML_ASSERT", worker.Stderr);
    }

    [NativeLibraryFact]
    public async Task Gpu_slot_on_a_library_without_cuda_refuses_to_start_instead_of_using_the_cpu()
    {
        await using var worker = await NativeWorker.StartUnconnectedAsync(cudaVisibleDevices: "0");

        var exit = await worker.WaitForExitAsync(Deadline);

        if (exit is null && worker.Stderr.Contains("CUDA0", StringComparison.Ordinal))
            return; // a CUDA build on a GPU machine: the slot is fine, nothing to refuse
        Assert.Equal(WorkerProtocol.StartupFailureExitCode, exit);
        Assert.Contains(WorkerProtocol.StartupErrorPrefix + "GPU slot (CUDA_VISIBLE_DEVICES=0) but the native library lists no CUDA device", worker.Stderr);
    }

    [NativeLibraryFact]
    public async Task Hello_answers_during_a_long_generation()
    {
        await using var worker = await NativeWorker.StartAsync();
        await LoadAsync(worker);
        using var cts = new CancellationTokenSource();
        var progress = new CollectingProgress();
        var generation = worker.Rpc.GenerateImageAsync(Image(steps: 300), progress, cts.Token);
        Assert.True(await Poll.UntilAsync(() => progress.Count >= 2, Deadline));

        var watch = Stopwatch.StartNew();
        var beat = await worker.Rpc.PingAsync(CancellationToken.None);
        var pingMs = watch.Elapsed.TotalMilliseconds;
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generation);

        Assert.True(beat.Busy);
        Assert.True(beat.Step >= 1);
        Assert.True(pingMs < 2000, $"ping took {pingMs} ms during native sampling");
    }

    private ModelLoadSpec Model() => new() { ModelId = "sdxs-tiny", ModelPath = models.Model, Threads = Math.Min(Environment.ProcessorCount, 4) };

    private async Task LoadAsync(WorkerProcess worker)
    {
        var loaded = await worker.Rpc.LoadModelAsync(Model(), null, CancellationToken.None);
        Assert.True(loaded.Success, loaded.Error);
    }

    private static ImageGenerationSpec Image(int steps = 2, int batch = 1, long seed = 42) => new()
    {
        JobId = $"native-{Guid.NewGuid().ToString("N")[..6]}",
        Prompt = "a lighthouse at dusk",
        Width = 64,
        Height = 64,
        Steps = steps,
        BatchCount = batch,
        Seed = seed,
        CfgScale = 1.0f,
    };

    private static RawImage Gradient(int width, int height, int channels) => new()
    {
        Width = width,
        Height = height,
        Channels = channels,
        Pixels = [.. Enumerable.Range(0, width * height * channels).Select(i => (byte)(i * 7 % 251))],
    };

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
