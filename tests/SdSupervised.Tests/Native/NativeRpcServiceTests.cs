using SdSupervised.Contracts;
using SdSupervised.Worker;
using SdSupervised.Worker.Engines;
using SdSupervised.Worker.Logging;
using SdSupervised.Worker.Rpc;

namespace SdSupervised.Tests.Native;

/// <summary>Protocol 2 calls through the RPC service: one operation at a time, failures as results.</summary>
public sealed class NativeRpcServiceTests
{
    private static readonly WorkerOptions Options = new() { PipeName = "p", WorkerId = "gpu0", Engine = EngineKind.Native };

    [Fact]
    public void Protocol_version_is_three_with_video()
    {
        Assert.Equal(3, WorkerProtocol.Version);
    }

    [Fact]
    public async Task Upscale_while_a_generation_runs_is_refused_as_busy()
    {
        var engine = new BlockingEngine();
        var service = new WorkerRpcService(engine, Options, new WorkerLog(_ => { }));
        var generation = service.GenerateImageAsync(new ImageGenerationSpec { JobId = "job-a" }, null, CancellationToken.None);

        var upscale = await service.UpscaleAsync(new UpscaleSpec { JobId = "job-b" }, null, CancellationToken.None);
        var convert = await service.ConvertAsync(new ConvertSpec { JobId = "job-c" }, null, CancellationToken.None);
        engine.Release.TrySetResult();
        await generation;

        Assert.Equal("worker busy: generation of job job-a is running; one job at a time", upscale.Error);
        Assert.Equal("worker busy: generation of job job-a is running; one job at a time", convert.Error);
    }

    [Fact]
    public async Task Engine_without_upscale_or_convert_answers_a_clean_failure()
    {
        var service = new WorkerRpcService(new BlockingEngine(), Options, new WorkerLog(_ => { }));

        var upscale = await service.UpscaleAsync(new UpscaleSpec { JobId = "u" }, null, CancellationToken.None);
        var convert = await service.ConvertAsync(new ConvertSpec { JobId = "c" }, null, CancellationToken.None);

        Assert.Equal("the synthetic engine does not upscale", upscale.Error);
        Assert.Equal("the synthetic engine does not convert models", convert.Error);
    }

    [Fact]
    public async Task Engine_exception_during_upscale_is_a_failed_result_not_a_dead_worker()
    {
        var service = new WorkerRpcService(new ThrowingEngine(), Options, new WorkerLog(_ => { }));

        var result = await service.UpscaleAsync(new UpscaleSpec { JobId = "u" }, null, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Equal("upscale failed: boom", result.Error);
    }

    /// <summary>Implements only the protocol-1 members: the interface's defaults answer the rest.</summary>
    private class BlockingEngine : IDiffusionEngine
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public EngineKind Kind => EngineKind.Synthetic;

        public EngineDescription Description { get; } = new();

        public string? LoadedModelId => "m";

        public Task<LoadedModel> LoadModelAsync(ModelLoadSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
            Task.FromResult(new LoadedModel { Success = true });

        public Task UnloadModelAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task<GenerationResult> GenerateImageAsync(ImageGenerationSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
        {
            await Release.Task;
            return new GenerationResult { Success = true };
        }
    }

    private sealed class ThrowingEngine : BlockingEngine, IDiffusionEngine
    {
        public Task<UpscaleResult> UpscaleAsync(UpscaleSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("boom");
    }
}
