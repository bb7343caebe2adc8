using System.Diagnostics;
using SdSupervised.Contracts;
using SdSupervised.Worker.Engines.Synthetic;
using SdSupervised.Worker.Faults;
using SdSupervised.Worker.Logging;

namespace SdSupervised.Tests.Worker;

public sealed class SyntheticEngineTests
{
    private static readonly ImageGenerationSpec BaseSpec = new()
    {
        JobId = "job-1",
        Prompt = "a red fox in snow",
        NegativePrompt = "blurry",
        Width = 128,
        Height = 96,
        Steps = 4,
        CfgScale = 7f,
        SamplingMethod = "euler_a",
        Seed = 1234,
    };

    private readonly List<string> _log = [];

    [Fact]
    public async Task Same_spec_twice_gives_identical_pixels()
    {
        var engine = await LoadedEngineAsync();

        var first = await engine.GenerateImageAsync(BaseSpec, null, CancellationToken.None);
        var second = await engine.GenerateImageAsync(BaseSpec, null, CancellationToken.None);

        Assert.True(first.Success, first.Error);
        Assert.Equal(first.Images[0].Pixels, second.Images[0].Pixels);
    }

    [Theory]
    [InlineData(1235L)]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MaxValue)]
    public async Task Different_seed_changes_more_than_a_quarter_of_the_bytes(long otherSeed)
    {
        var engine = await LoadedEngineAsync();

        var first = await engine.GenerateImageAsync(BaseSpec, null, CancellationToken.None);
        var second = await engine.GenerateImageAsync(BaseSpec with { Seed = otherSeed }, null, CancellationToken.None);

        Assert.True(PixelDiff.DifferingFraction(first.Images[0].Pixels, second.Images[0].Pixels) > 0.25);
    }

    public static TheoryData<string, ImageGenerationSpec> ParameterChanges => new()
    {
        { "prompt", BaseSpec with { Prompt = "a red fox in snow!" } },
        { "negative prompt", BaseSpec with { NegativePrompt = "" } },
        { "cfg scale", BaseSpec with { CfgScale = 7.5f } },
        { "sampler", BaseSpec with { SamplingMethod = "dpm++2m" } },
        { "scheduler", BaseSpec with { Scheduler = "karras" } },
        { "steps", BaseSpec with { Steps = 5 } },
    };

    [Theory]
    [MemberData(nameof(ParameterChanges))]
    public async Task Changing_a_sampling_parameter_changes_the_picture(string parameter, ImageGenerationSpec changed)
    {
        var engine = await LoadedEngineAsync();

        var first = await engine.GenerateImageAsync(BaseSpec, null, CancellationToken.None);
        var second = await engine.GenerateImageAsync(changed, null, CancellationToken.None);

        Assert.True(PixelDiff.DifferingFraction(first.Images[0].Pixels, second.Images[0].Pixels) > 0.25, $"{parameter} did not change the picture");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(512, 512)]
    [InlineData(2048, 16)]
    [InlineData(64, 1024)]
    public async Task Image_has_the_requested_size_and_three_channels(int width, int height)
    {
        var engine = await LoadedEngineAsync();

        var result = await engine.GenerateImageAsync(BaseSpec with { Width = width, Height = height, Steps = 1 }, null, CancellationToken.None);

        var image = Assert.Single(result.Images);
        Assert.Equal(width, image.Width);
        Assert.Equal(height, image.Height);
        Assert.Equal(3, image.Channels);
        Assert.Equal(width * height * 3, image.Pixels.Length);
        Assert.Equal(BaseSpec.Seed, image.Seed);
    }

    [Fact]
    public async Task Progress_reports_every_step_of_every_image_in_order()
    {
        var engine = await LoadedEngineAsync();
        var progress = new ListProgress();

        var result = await engine.GenerateImageAsync(BaseSpec with { Steps = 5, BatchCount = 3 }, progress, CancellationToken.None);

        Assert.True(result.Success, result.Error);
        Assert.Equal(15, progress.Reports.Count);
        Assert.All(progress.Reports, p =>
        {
            Assert.Equal(ProgressPhase.Sampling, p.Phase);
            Assert.Equal(5, p.Steps);
            Assert.True(p.SecondsPerStep > 0);
        });
        var overall = progress.Reports.Select(p => p.BatchIndex * p.Steps + p.Step).ToList();
        Assert.Equal(Enumerable.Range(1, 15), overall);
        Assert.True(result.GenerationSeconds > 0);
    }

    [Fact]
    public async Task Batch_images_use_consecutive_seeds_and_match_single_generations()
    {
        var engine = await LoadedEngineAsync();

        var batch = await engine.GenerateImageAsync(BaseSpec with { BatchCount = 3 }, null, CancellationToken.None);
        var third = await engine.GenerateImageAsync(BaseSpec with { Seed = BaseSpec.Seed + 2 }, null, CancellationToken.None);

        Assert.Equal([1234L, 1235L, 1236L], batch.Images.Select(i => i.Seed));
        Assert.Equal(third.Images[0].Pixels, batch.Images[2].Pixels);
    }

    [Fact]
    public async Task Cancellation_mid_generation_throws_within_two_step_times()
    {
        var stepTime = TimeSpan.FromMilliseconds(200);
        var engine = await LoadedEngineAsync(stepTime);
        using var cancel = new CancellationTokenSource();
        var sinceCancel = new Stopwatch();
        var progress = new ListProgress(onReport: p =>
        {
            if (p.Step == 2)
            {
                sinceCancel.Start();
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => engine.GenerateImageAsync(BaseSpec with { Steps = 100 }, progress, cancel.Token));
        sinceCancel.Stop();

        // The delay of step 3 must end at once, not run out (and certainly not run 98 more steps).
        Assert.True(sinceCancel.Elapsed < 2 * stepTime, $"took {sinceCancel.Elapsed.TotalMilliseconds:0} ms to stop");
        Assert.Equal(2, progress.Reports.Count);
    }

    [Fact]
    public async Task Generation_without_a_model_fails_cleanly()
    {
        var engine = NewEngine();

        var result = await engine.GenerateImageAsync(BaseSpec, null, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Contains("no model is loaded", result.Error);
    }

    [Theory]
    [InlineData(0, 64, 4, 1, "image size")]
    [InlineData(64, 9000, 4, 1, "image size")]
    [InlineData(64, 64, 0, 1, "steps")]
    [InlineData(64, 64, 4, 0, "batch count")]
    public async Task Impossible_request_fails_cleanly(int width, int height, int steps, int batch, string named)
    {
        var engine = await LoadedEngineAsync();

        var result = await engine.GenerateImageAsync(
            BaseSpec with { Width = width, Height = height, Steps = steps, BatchCount = batch }, null, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Contains(named, result.Error);
    }

    [Fact]
    public async Task Load_takes_the_load_time_and_reports_loading_progress()
    {
        var engine = NewEngine(loadTime: TimeSpan.FromMilliseconds(40));
        var progress = new ListProgress();

        var loaded = await engine.LoadModelAsync(new ModelLoadSpec { ModelId = "sd15" }, progress, CancellationToken.None);

        Assert.True(loaded.Success, loaded.Error);
        Assert.Equal("sd15", loaded.ModelId);
        Assert.Equal("sd15", engine.LoadedModelId);
        Assert.True(loaded.LoadSeconds >= 0.035, $"load took {loaded.LoadSeconds}s");
        Assert.NotEmpty(progress.Reports);
        Assert.All(progress.Reports, p => Assert.Equal(ProgressPhase.LoadingModel, p.Phase));
        Assert.Equal(progress.Reports[^1].Steps, progress.Reports[^1].Step);
        Assert.Contains(_log, l => l.StartsWith("info: loaded model sd15 in ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Loading_the_loaded_model_again_is_a_no_op()
    {
        var engine = NewEngine(loadTime: TimeSpan.FromMilliseconds(40));
        await engine.LoadModelAsync(new ModelLoadSpec { ModelId = "sd15" }, null, CancellationToken.None);
        var progress = new ListProgress();

        var again = await engine.LoadModelAsync(new ModelLoadSpec { ModelId = "sd15" }, progress, CancellationToken.None);

        Assert.True(again.Success);
        Assert.Equal(0, again.LoadSeconds);
        Assert.Empty(progress.Reports);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Loading_without_a_model_id_fails_cleanly(string modelId)
    {
        var engine = NewEngine();

        var loaded = await engine.LoadModelAsync(new ModelLoadSpec { ModelId = modelId }, null, CancellationToken.None);

        Assert.False(loaded.Success);
        Assert.Contains("model id", loaded.Error);
        Assert.Null(engine.LoadedModelId);
    }

    [Fact]
    public async Task Unload_forgets_the_model()
    {
        var engine = await LoadedEngineAsync();

        await engine.UnloadModelAsync(CancellationToken.None);

        Assert.Null(engine.LoadedModelId);
        Assert.False((await engine.GenerateImageAsync(BaseSpec, null, CancellationToken.None)).Success);
    }

    [Fact]
    public async Task Fail_fault_returns_a_clean_failure_after_the_steps_before_it()
    {
        var engine = await LoadedEngineAsync(allowFaults: true);
        var progress = new ListProgress();

        var result = await engine.GenerateImageAsync(
            BaseSpec with { Steps = 6, Fault = new FaultSpec { Kind = InjectedFault.Fail, Step = 4 } }, progress, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Empty(result.Images);
        Assert.Contains("injected fault 'fail'", result.Error);
        Assert.Equal([1, 2, 3], progress.Reports.Select(p => p.Step));
    }

    [Fact]
    public async Task Fault_without_permission_is_an_ordinary_job_and_a_warning()
    {
        var engine = await LoadedEngineAsync(allowFaults: false);

        var result = await engine.GenerateImageAsync(
            BaseSpec with { Fault = new FaultSpec { Kind = InjectedFault.Fail, Step = 1 } }, null, CancellationToken.None);

        Assert.True(result.Success, result.Error);
        Assert.Contains(_log, l => l.StartsWith("warn: ", StringComparison.Ordinal) && l.Contains("--allow-fault-injection"));
    }

    [Fact]
    public async Task Hang_fault_neither_progresses_nor_ends_on_cancellation()
    {
        var engine = await LoadedEngineAsync(allowFaults: true);
        var progress = new ListProgress();
        using var cancel = new CancellationTokenSource();

        var generation = engine.GenerateImageAsync(
            BaseSpec with { Steps = 10, Fault = new FaultSpec { Kind = InjectedFault.Hang, Step = 2 } }, progress, cancel.Token);
        await WaitUntilAsync(() => _log.Any(l => l.Contains("injecting fault 'Hang'")));
        cancel.Cancel();

        var finished = await Task.WhenAny(generation, Task.Delay(300));
        Assert.NotSame(generation, finished);
        Assert.Single(progress.Reports);
    }

    private SyntheticEngine NewEngine(TimeSpan? stepTime = null, TimeSpan? loadTime = null, bool allowFaults = false)
    {
        var log = new WorkerLog(line =>
        {
            lock (_log) _log.Add(line);
        });
        return new SyntheticEngine(
            new SyntheticEngineOptions { StepTime = stepTime ?? TimeSpan.FromMilliseconds(1), LoadTime = loadTime ?? TimeSpan.FromMilliseconds(4) },
            new FaultInjector(allowFaults, log),
            log);
    }

    private async Task<SyntheticEngine> LoadedEngineAsync(TimeSpan? stepTime = null, bool allowFaults = false)
    {
        var engine = NewEngine(stepTime, allowFaults: allowFaults);
        var loaded = await engine.LoadModelAsync(new ModelLoadSpec { ModelId = "test-model" }, null, CancellationToken.None);
        Assert.True(loaded.Success, loaded.Error);
        return engine;
    }

    private async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            lock (_log)
            {
                if (condition())
                    return;
            }
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(5);
        }
    }
}
