using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Hosting.Systemd;
using SdSupervised.Supervisor.Status;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Systemd;

public sealed class ServiceStatusLineTests
{
    private static readonly EngineDecision Native = new(EngineKind.Native, EngineSelection.Auto, "found", "/lib/libstable-diffusion.so");

    private static WorkerStatus Worker(string id, WorkerState state, FailureKind? failure = null) =>
        new(id, id, state, 100, 0, null, null, failure is { } k ? new WorkerFailureRecord(k, "x", DateTimeOffset.UnixEpoch) : null, null, EngineKind.Native);

    [Fact]
    public void Names_idle_count_faulted_workers_with_their_failure_kind_and_the_queue()
    {
        var status = new SupervisorStatus(false, Native,
            [Worker("gpu0", WorkerState.Idle), Worker("gpu1", WorkerState.Idle), Worker("gpu2", WorkerState.Faulted, FailureKind.CudaError), Worker("gpu3", WorkerState.Idle)],
            Queued: 12, Running: 0);

        Assert.Equal("3/4 workers idle, 1 faulted (gpu2: cuda_error), 12 queued, 0 running", ServiceStatusLine.Format(status));
    }

    [Fact]
    public void Says_degraded_when_no_worker_can_serve_and_none_is_coming_up()
    {
        var status = new SupervisorStatus(true, Native, [Worker("gpu0", WorkerState.Faulted, FailureKind.StartupFailure)], 3, 0);

        Assert.StartsWith("DEGRADED: 0/1 workers idle, 1 faulted (gpu0: startup_failure)", ServiceStatusLine.Format(status));
    }

    [Fact]
    public void Workers_still_starting_are_not_called_degraded()
    {
        var status = new SupervisorStatus(true, Native, [Worker("gpu0", WorkerState.Starting)], 0, 0);

        Assert.Equal("0/1 workers idle, 1 starting, 0 queued, 0 running", ServiceStatusLine.Format(status));
    }

    [Fact]
    public void Marks_the_synthetic_engine()
    {
        var synthetic = Native with { Kind = EngineKind.Synthetic };
        var status = new SupervisorStatus(false, synthetic, [Worker("w0", WorkerState.Busy)], 0, 1);

        Assert.Equal("0/1 workers idle, 1 busy, 0 queued, 1 running [synthetic engine]", ServiceStatusLine.Format(status));
    }
}
