using SdSupervised.Contracts;
using StreamJsonRpc;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Worker;

/// <summary>Injected faults end (or stall) the real worker process exactly the way the native library would.</summary>
public sealed class WorkerFaultProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static TheoryData<InjectedFault, int, string> CrashingFaults => new()
    {
        // 128 + SIGSEGV(11); the kernel kills it, nothing is printed.
        { InjectedFault.Segv, 139, "injecting fault 'Segv'" },
        // 128 + SIGABRT(6), after ggml's own last words.
        { InjectedFault.Abort, 134, "/src/ggml/src/ggml.c:1712: GGML_ASSERT(ctx->mem_buffer != NULL) failed" },
        { InjectedFault.CudaOom, 134, "CUDA error: out of memory\n  current device: 0, in function alloc at /src/ggml/src/ggml-cuda/ggml-cuda.cu:472\n  cudaMalloc((void **) &ptr, look_ahead_size)\n/src/ggml/src/ggml-cuda/ggml-cuda.cu:88: CUDA error" },
        { InjectedFault.CudaError, 134, "CUDA error: an illegal memory access was encountered\n  current device: 0, in function ggml_backend_cuda_synchronize at" },
        { InjectedFault.Exit, WorkerProtocol.InjectedExitCode, "injecting fault 'Exit'" },
    };

    [Theory]
    [MemberData(nameof(CrashingFaults))]
    public async Task Crashing_fault_ends_the_worker_with_the_native_exit_status_and_stderr(InjectedFault fault, int exitCode, string stderr)
    {
        await using var worker = await WorkerProcess.StartSyntheticAsync(allowFaults: true);
        await worker.Rpc.LoadModelAsync(WorkerSpecs.Model(), null, CancellationToken.None);
        var progress = new CollectingProgress();

        var generation = worker.Rpc.GenerateImageAsync(
            WorkerSpecs.Image(steps: 10, fault: new FaultSpec { Kind = fault, Step = 3 }), progress, CancellationToken.None);

        await Assert.ThrowsAsync<ConnectionLostException>(() => generation);
        Assert.Equal(exitCode, await worker.WaitForExitAsync(Deadline));
        var found = await worker.WaitForStderrAsync(stderr, Deadline);
        output.WriteLine($"exit {exitCode}; worker stderr:\n{worker.Stderr}");
        Assert.True(found, $"stderr was:\n{worker.Stderr}");
        // The fault fires during step 3, before it is reported.
        Assert.True(progress.Snapshot().All(p => p.Step <= 2), "progress went past the fault step");
    }

    [Fact]
    public async Task Fail_fault_returns_a_clean_failure_and_the_worker_serves_the_next_generation()
    {
        await using var worker = await WorkerProcess.StartSyntheticAsync(allowFaults: true);
        await worker.Rpc.LoadModelAsync(WorkerSpecs.Model(), null, CancellationToken.None);

        var failed = await worker.Rpc.GenerateImageAsync(
            WorkerSpecs.Image(fault: new FaultSpec { Kind = InjectedFault.Fail, Step = 2 }), null, CancellationToken.None);
        var next = await worker.Rpc.GenerateImageAsync(WorkerSpecs.Image(), null, CancellationToken.None);

        Assert.False(failed.Success);
        Assert.Empty(failed.Images);
        Assert.Contains("injected fault 'fail'", failed.Error);
        Assert.True(next.Success, next.Error);
        Assert.False(worker.HasExited);
    }

    [Fact]
    public async Task Hang_fault_stops_progress_ignores_cancellation_and_still_answers_ping()
    {
        await using var worker = await WorkerProcess.StartSyntheticAsync(allowFaults: true, stepMs: 10);
        await worker.Rpc.LoadModelAsync(WorkerSpecs.Model(), null, CancellationToken.None);
        var progress = new CollectingProgress();
        using var cancel = new CancellationTokenSource();
        var spec = WorkerSpecs.Image(steps: 50, fault: new FaultSpec { Kind = InjectedFault.Hang, Step = 3 });

        var generation = worker.Rpc.GenerateImageAsync(spec, progress, cancel.Token);
        Assert.True(await worker.WaitForStderrAsync("injecting fault 'Hang'", Deadline), worker.Stderr);
        Assert.True(await Poll.UntilAsync(() => progress.Count == 2, Deadline), $"expected the 2 steps before the hang, got {progress.Count}");

        // No progress for a second (50 more steps would have taken half of it), cancellation or not.
        cancel.Cancel();
        var stalled = await Poll.UntilAsync(() => generation.IsCompleted || progress.Count > 2, TimeSpan.FromSeconds(1));
        Assert.False(stalled, "a hung generation must neither progress nor end");

        var heartbeat = await worker.Rpc.PingAsync(CancellationToken.None);
        Assert.True(heartbeat.Busy);
        Assert.Equal(spec.JobId, heartbeat.JobId);
        Assert.Equal(2, heartbeat.Step);
        Assert.False(worker.HasExited);
    }

    [Fact]
    public async Task Closing_the_pipe_ends_even_a_hung_worker_with_exit_0()
    {
        await using var worker = await WorkerProcess.StartSyntheticAsync(allowFaults: true);
        await worker.Rpc.LoadModelAsync(WorkerSpecs.Model(), null, CancellationToken.None);
        _ = worker.Rpc.GenerateImageAsync(
            WorkerSpecs.Image(fault: new FaultSpec { Kind = InjectedFault.Hang, Step = 1 }), null, CancellationToken.None);
        Assert.True(await worker.WaitForStderrAsync("injecting fault 'Hang'", Deadline), worker.Stderr);

        worker.ClosePipe();

        Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Fault_is_ignored_with_a_warning_without_allow_fault_injection()
    {
        await using var worker = await WorkerProcess.StartSyntheticAsync(allowFaults: false);
        await worker.Rpc.LoadModelAsync(WorkerSpecs.Model(), null, CancellationToken.None);

        var result = await worker.Rpc.GenerateImageAsync(
            WorkerSpecs.Image(fault: new FaultSpec { Kind = InjectedFault.Segv, Step = 1 }), null, CancellationToken.None);

        Assert.True(result.Success, result.Error);
        Assert.True(await worker.WaitForStderrAsync("not started with --allow-fault-injection", Deadline), worker.Stderr);
        Assert.False(worker.HasExited);
    }

    [Fact]
    public async Task Hello_reports_fault_injection_when_allowed()
    {
        await using var worker = await WorkerProcess.StartSyntheticAsync(allowFaults: true);

        var info = await worker.Rpc.HelloAsync(WorkerProtocol.Version, CancellationToken.None);

        Assert.True(info.FaultInjectionEnabled);
    }
}
