using SdSupervised.Contracts;
using SdSupervised.Worker;
using SdSupervised.Worker.Engines.Synthetic;
using SdSupervised.Worker.Faults;
using SdSupervised.Worker.Logging;
using SdSupervised.Worker.Rpc;

namespace SdSupervised.Tests.Worker;

/// <summary>
/// The seed's fallback for an unknown architecture, through the worker's RPC service and the synthetic engine:
/// model_path first, then diffusion_model_path, both reasons when both fail; the engine fails a load by path kind
/// (<see cref="LoadPathFaults"/>) only with fault injection on.
/// </summary>
public sealed class ModelLoadFallbackTests
{
    private readonly List<string> _log = [];

    private WorkerRpcService Service(bool allowFaults = true)
    {
        var log = new WorkerLog(line =>
        {
            lock (_log) _log.Add(line);
        });
        var engine = new SyntheticEngine(new SyntheticEngineOptions { LoadTime = TimeSpan.Zero, StepTime = TimeSpan.Zero }, new FaultInjector(allowFaults, log), log);
        return new WorkerRpcService(engine, new WorkerOptions { PipeName = "p", WorkerId = "w0", Engine = EngineKind.Synthetic, AllowFaultInjection = allowFaults }, log);
    }

    private static ModelLoadSpec Spec(string fileName, bool fallback) => new()
    {
        ModelId = "checkpoints-" + fileName,
        ModelPath = "/models/checkpoints/" + fileName,
        FallbackToDiffusionModelPath = fallback,
    };

    [Fact]
    public async Task A_file_that_loads_as_model_path_is_tried_once()
    {
        var loaded = await Service().LoadModelAsync(Spec("plain.ckpt", fallback: true), null, CancellationToken.None);

        Assert.True(loaded.Success, loaded.Error);
        Assert.DoesNotContain(_log, l => l.Contains("trying it as diffusion_model_path", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_that_is_no_model_path_loads_as_diffusion_model_path()
    {
        var loaded = await Service().LoadModelAsync(Spec($"unet-{LoadPathFaults.NotAsModelPath}.pt", fallback: true), null, CancellationToken.None);

        Assert.True(loaded.Success, loaded.Error);
        Assert.Contains(_log, l => l.Contains("trying it as diffusion_model_path", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_the_fallback_flag_a_model_path_failure_is_final()
    {
        var loaded = await Service().LoadModelAsync(Spec($"unet-{LoadPathFaults.NotAsModelPath}.pt", fallback: false), null, CancellationToken.None);

        Assert.False(loaded.Success);
        Assert.Contains(LoadPathFaults.NotAsModelPath, loaded.Error);
        Assert.DoesNotContain("diffusion_model_path", loaded.Error);
    }

    [Fact]
    public async Task A_file_that_loads_neither_way_fails_naming_both_reasons()
    {
        var name = $"odd-{LoadPathFaults.NotAsModelPath}-{LoadPathFaults.NotAsDiffusionModelPath}.ckpt";

        var loaded = await Service().LoadModelAsync(Spec(name, fallback: true), null, CancellationToken.None);

        Assert.False(loaded.Success);
        Assert.Contains("could not be loaded either way", loaded.Error);
        Assert.Contains($"as a checkpoint (model_path): the library could not load model", loaded.Error);
        Assert.Contains($"(injected: {LoadPathFaults.NotAsModelPath})", loaded.Error);
        Assert.Contains($"as a standalone diffusion model (diffusion_model_path): the library could not load model", loaded.Error);
        Assert.Contains($"(injected: {LoadPathFaults.NotAsDiffusionModelPath})", loaded.Error);
    }

    [Fact]
    public async Task The_markers_mean_nothing_without_fault_injection()
    {
        var name = $"odd-{LoadPathFaults.NotAsModelPath}-{LoadPathFaults.NotAsDiffusionModelPath}.ckpt";

        var loaded = await Service(allowFaults: false).LoadModelAsync(Spec(name, fallback: true), null, CancellationToken.None);

        Assert.True(loaded.Success, loaded.Error);
    }
}
