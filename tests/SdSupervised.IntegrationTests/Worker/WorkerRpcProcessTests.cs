using SdSupervised.Contracts;
using StreamJsonRpc;

namespace SdSupervised.IntegrationTests.Worker;

/// <summary>The real worker process over the real pipe: handshake, load, generate, progress, ping, cancel, shutdown.</summary>
public sealed class WorkerRpcProcessTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Hello_reports_synthetic_engine_worker_id_and_pid()
    {
        await using var worker = await WorkerProcess.StartSyntheticAsync();

        var info = await worker.Rpc.HelloAsync(WorkerProtocol.Version, CancellationToken.None);

        Assert.Equal(WorkerProtocol.Version, info.ProtocolVersion);
        Assert.Equal(EngineKind.Synthetic, info.Engine);
        Assert.Equal("test", info.WorkerId);
        Assert.Equal(worker.ProcessId, info.ProcessId);
        Assert.False(info.FaultInjectionEnabled);
        Assert.NotEmpty(info.Devices);
    }

    [Fact]
    public async Task Hello_with_another_protocol_version_fails_naming_both_versions()
    {
        await using var worker = await WorkerProcess.StartSyntheticAsync();

        var error = await Assert.ThrowsAsync<RemoteInvocationException>(
            () => worker.Rpc.HelloAsync(WorkerProtocol.Version + 41, CancellationToken.None));

        Assert.Contains($"version {WorkerProtocol.Version + 41}", error.Message);
        Assert.Contains($"version {WorkerProtocol.Version}", error.Message);
    }

    [Fact]
    public async Task Load_then_generate_streams_every_step_and_returns_rgb_pixels()
    {
        await using var worker = await WorkerProcess.StartSyntheticAsync(loadMs: 40);
        var loadProgress = new CollectingProgress();

        var loaded = await worker.Rpc.LoadModelAsync(WorkerSpecs.Model(), loadProgress, CancellationToken.None);
        Assert.True(loaded.Success, loaded.Error);
        Assert.True(loaded.LoadSeconds >= 0.03, $"load took {loaded.LoadSeconds}s");
        Assert.True(await Poll.UntilAsync(() => loadProgress.Count > 0, Deadline));
        Assert.All(loadProgress.Snapshot(), p => Assert.Equal(ProgressPhase.LoadingModel, p.Phase));

        var progress = new CollectingProgress();
        var spec = WorkerSpecs.Image(steps: 6, width: 96, height: 64, batch: 2);
        var result = await worker.Rpc.GenerateImageAsync(spec, progress, CancellationToken.None);

        Assert.True(result.Success, result.Error);
        Assert.Equal(2, result.Images.Length);
        Assert.All(result.Images, image =>
        {
            Assert.Equal(96, image.Width);
            Assert.Equal(64, image.Height);
            Assert.Equal(3, image.Channels);
            Assert.Equal(96 * 64 * 3, image.Pixels.Length);
        });
        Assert.Equal([42L, 43L], result.Images.Select(i => i.Seed));
        Assert.True(result.GenerationSeconds > 0);

        // $/progress notifications may trail the response by a moment; wait for all of them.
        Assert.True(await Poll.UntilAsync(() => progress.Count == 12, Deadline), $"got {progress.Count} progress reports");
        var reports = progress.Snapshot();
        Assert.Equal(
            Enumerable.Range(0, 2).SelectMany(b => Enumerable.Range(1, 6).Select(s => (b, s))),
            reports.Select(p => (p.BatchIndex, p.Step)));
        Assert.All(reports, p => Assert.Equal(ProgressPhase.Sampling, p.Phase));
    }

    [Fact]
    public async Task Same_request_twice_gives_identical_pixels_over_the_pipe()
    {
        await using var worker = await WorkerProcess.StartSyntheticAsync(stepMs: 1);
        await worker.Rpc.LoadModelAsync(WorkerSpecs.Model(), null, CancellationToken.None);

        var first = await worker.Rpc.GenerateImageAsync(WorkerSpecs.Image(), null, CancellationToken.None);
        var second = await worker.Rpc.GenerateImageAsync(WorkerSpecs.Image(), null, CancellationToken.None);

        Assert.Equal(first.Images[0].Pixels, second.Images[0].Pixels);
    }

    [Fact]
    public async Task Ping_answers_while_a_generation_is_running()
    {
        await using var worker = await WorkerProcess.StartSyntheticAsync(stepMs: 50);
        await worker.Rpc.LoadModelAsync(WorkerSpecs.Model("m1"), null, CancellationToken.None);
        var progress = new CollectingProgress();
        var spec = WorkerSpecs.Image(steps: 40);

        var generation = worker.Rpc.GenerateImageAsync(spec, progress, CancellationToken.None);
        Assert.True(await Poll.UntilAsync(() => progress.Count >= 2, Deadline));
        var heartbeat = await worker.Rpc.PingAsync(CancellationToken.None);

        Assert.False(generation.IsCompleted, "the ping should have been answered while the generation still ran");
        Assert.True(heartbeat.Busy);
        Assert.Equal(spec.JobId, heartbeat.JobId);
        Assert.InRange(heartbeat.Step, 1, 40);
        Assert.Equal(40, heartbeat.Steps);
        Assert.Equal("m1", heartbeat.LoadedModelId);
        Assert.True(heartbeat.WorkingSetBytes > 0);

        Assert.True((await generation).Success);
        var idle = await worker.Rpc.PingAsync(CancellationToken.None);
        Assert.False(idle.Busy);
        Assert.Null(idle.JobId);
    }

    [Fact]
    public async Task Cancelling_a_generation_over_the_pipe_stops_it_and_the_worker_serves_the_next()
    {
        await using var worker = await WorkerProcess.StartSyntheticAsync(stepMs: 50);
        await worker.Rpc.LoadModelAsync(WorkerSpecs.Model(), null, CancellationToken.None);
        var progress = new CollectingProgress();
        using var cancel = new CancellationTokenSource();

        var generation = worker.Rpc.GenerateImageAsync(WorkerSpecs.Image(steps: 200), progress, cancel.Token);
        Assert.True(await Poll.UntilAsync(() => progress.Count >= 1, Deadline));
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generation);
        Assert.True(await Poll.UntilAsync(async () => !(await worker.Rpc.PingAsync(CancellationToken.None)).Busy, Deadline), "worker stayed busy after cancel");
        var next = await worker.Rpc.GenerateImageAsync(WorkerSpecs.Image(), null, CancellationToken.None);
        Assert.True(next.Success, next.Error);
    }

    [Fact]
    public async Task Closing_the_pipe_makes_the_worker_exit_0()
    {
        await using var worker = await WorkerProcess.StartSyntheticAsync();
        await worker.Rpc.HelloAsync(WorkerProtocol.Version, CancellationToken.None);

        worker.ClosePipe();

        Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("pipe closed", worker.Stderr);
    }

    [Fact]
    public async Task Json_formatter_serves_hello_load_and_generation()
    {
        await using var worker = await WorkerProcess.StartSyntheticAsync(formatter: RpcFormatterKind.Json);

        var info = await worker.Rpc.HelloAsync(WorkerProtocol.Version, CancellationToken.None);
        var loaded = await worker.Rpc.LoadModelAsync(WorkerSpecs.Model(), null, CancellationToken.None);
        var progress = new CollectingProgress();
        var result = await worker.Rpc.GenerateImageAsync(WorkerSpecs.Image(steps: 3), progress, CancellationToken.None);

        Assert.Equal(EngineKind.Synthetic, info.Engine);
        Assert.True(loaded.Success, loaded.Error);
        Assert.True(result.Success, result.Error);
        Assert.Equal(64 * 48 * 3, result.Images[0].Pixels.Length);
        Assert.True(await Poll.UntilAsync(() => progress.Count == 3, Deadline));
    }

    [Fact]
    public async Task Worker_logs_go_to_stderr_and_stdout_stays_empty()
    {
        await using var worker = await WorkerProcess.StartSyntheticAsync();
        await worker.Rpc.LoadModelAsync(WorkerSpecs.Model("logged-model"), null, CancellationToken.None);
        await worker.Rpc.GenerateImageAsync(WorkerSpecs.Image() with { JobId = "job-logged" }, null, CancellationToken.None);

        Assert.True(await worker.WaitForStderrAsync("job-logged", Deadline), worker.Stderr);
        Assert.Contains("info: loaded model logged-model", worker.Stderr);
        Assert.Empty(worker.StdoutLines);
    }
}
