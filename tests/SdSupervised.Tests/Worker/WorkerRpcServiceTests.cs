using SdSupervised.Contracts;
using SdSupervised.Worker;
using SdSupervised.Worker.Engines;
using SdSupervised.Worker.Logging;
using SdSupervised.Worker.Rpc;

namespace SdSupervised.Tests.Worker;

public sealed class WorkerRpcServiceTests
{
    private static readonly WorkerOptions Options = new()
    {
        PipeName = "p", WorkerId = "gpu1", Engine = EngineKind.Synthetic, AllowFaultInjection = true,
    };

    private readonly List<string> _log = [];
    private readonly GatedEngine _engine = new();
    private readonly WorkerRpcService _service;

    public WorkerRpcServiceTests()
    {
        _service = new WorkerRpcService(_engine, Options, new WorkerLog(line =>
        {
            lock (_log) _log.Add(line);
        }));
    }

    [Fact]
    public async Task Hello_describes_the_worker_and_its_engine()
    {
        var info = await _service.HelloAsync(WorkerProtocol.Version, CancellationToken.None);

        Assert.Equal(WorkerProtocol.Version, info.ProtocolVersion);
        Assert.Equal("gpu1", info.WorkerId);
        Assert.Equal(EngineKind.Synthetic, info.Engine);
        Assert.Equal(Environment.ProcessId, info.ProcessId);
        Assert.Equal("v-test", info.NativeVersion);
        Assert.Equal(["dev0"], info.Devices);
        Assert.True(info.FaultInjectionEnabled);
    }

    [Fact]
    public async Task Hello_with_another_protocol_version_throws_naming_both()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => _service.HelloAsync(WorkerProtocol.Version + 1, CancellationToken.None));

        Assert.Contains($"speaks version {WorkerProtocol.Version + 1}", error.Message);
        Assert.Contains($"speaks version {WorkerProtocol.Version};", error.Message);
    }

    [Fact]
    public async Task Second_generation_while_one_runs_is_refused_as_busy()
    {
        var first = _service.GenerateImageAsync(Spec("job-a"), null, CancellationToken.None);

        var second = await _service.GenerateImageAsync(Spec("job-b"), null, CancellationToken.None);

        Assert.False(second.Success);
        Assert.Equal("worker busy: generation of job job-a is running; one job at a time", second.Error);
        _engine.Release();
        Assert.True((await first).Success);
        Assert.False((await _service.PingAsync(CancellationToken.None)).Busy);
    }

    [Fact]
    public async Task Load_while_a_generation_runs_is_refused_as_busy()
    {
        var generation = _service.GenerateImageAsync(Spec("job-a"), null, CancellationToken.None);

        var load = await _service.LoadModelAsync(new ModelLoadSpec { ModelId = "other" }, null, CancellationToken.None);

        Assert.False(load.Success);
        Assert.StartsWith("worker busy: generation of job job-a", load.Error);
        _engine.Release();
        await generation;
    }

    [Fact]
    public async Task Ping_reports_the_running_job_and_its_last_step()
    {
        var progress = new ListProgress();
        var generation = _service.GenerateImageAsync(Spec("job-p"), progress, CancellationToken.None);
        _engine.ReportStep(3, 20);

        var busy = await _service.PingAsync(CancellationToken.None);
        _engine.Release();
        await generation;
        var idle = await _service.PingAsync(CancellationToken.None);

        Assert.True(busy.Busy);
        Assert.Equal("job-p", busy.JobId);
        Assert.Equal(3, busy.Step);
        Assert.Equal(20, busy.Steps);
        Assert.Equal("m", busy.LoadedModelId);
        Assert.True(busy.WorkingSetBytes > 0);
        Assert.False(idle.Busy);
        Assert.Null(idle.JobId);
        // The caller's progress saw the same report the heartbeat did.
        Assert.Equal(3, Assert.Single(progress.Reports).Step);
    }

    [Fact]
    public async Task Engine_exception_becomes_a_clean_failure_and_frees_the_worker()
    {
        _engine.ThrowOnGenerate = new InvalidDataException("tensor shape mismatch");

        var result = await _service.GenerateImageAsync(Spec("job-x"), null, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Contains("tensor shape mismatch", result.Error);
        Assert.False((await _service.PingAsync(CancellationToken.None)).Busy);
        Assert.Contains(_log, l => l.StartsWith("error: generate job job-x", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancellation_propagates_and_frees_the_worker()
    {
        using var cancel = new CancellationTokenSource();
        var generation = _service.GenerateImageAsync(Spec("job-c"), null, cancel.Token);

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generation);
        Assert.False((await _service.PingAsync(CancellationToken.None)).Busy);
    }

    [Fact]
    public async Task Each_generation_is_logged_with_its_job_id()
    {
        var generation = _service.GenerateImageAsync(Spec("job-log"), null, CancellationToken.None);
        _engine.Release();
        await generation;

        Assert.Contains(_log, l => l.StartsWith("info: generate job job-log: 64x64", StringComparison.Ordinal));
        Assert.Contains(_log, l => l.StartsWith("info: generate job job-log: done", StringComparison.Ordinal));
    }

    private static ImageGenerationSpec Spec(string jobId) => new() { JobId = jobId, Prompt = "p", Width = 64, Height = 64, Steps = 2 };

    /// <summary>An engine whose generation runs until the test releases it.</summary>
    private sealed class GatedEngine : IDiffusionEngine
    {
        private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private IProgress<GenerationProgress>? _progress;

        public Exception? ThrowOnGenerate { get; set; }

        public EngineKind Kind => EngineKind.Synthetic;

        public EngineDescription Description { get; } = new() { NativeVersion = "v-test", Devices = ["dev0"] };

        public string? LoadedModelId => "m";

        public Task<LoadedModel> LoadModelAsync(ModelLoadSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
            Task.FromResult(new LoadedModel { Success = true, ModelId = spec.ModelId });

        public Task UnloadModelAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task<GenerationResult> GenerateImageAsync(ImageGenerationSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
        {
            if (ThrowOnGenerate is not null)
                throw ThrowOnGenerate;
            _progress = progress;
            await _gate.Task.WaitAsync(cancellationToken);
            _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return new GenerationResult { Success = true, GenerationSeconds = 0.01 };
        }

        public void ReportStep(int step, int steps) =>
            _progress!.Report(new GenerationProgress { Phase = ProgressPhase.Sampling, Step = step, Steps = steps });

        public void Release() => _gate.TrySetResult();
    }
}
