using SdSupervised.Contracts;
using SdSupervised.Worker.Logging;

namespace SdSupervised.Worker.Faults;

/// <summary>
/// Turns a request's <see cref="FaultSpec"/> into a real native-style failure, but only in a worker started
/// with --allow-fault-injection; otherwise the request is an ordinary job (and the log says so).
/// </summary>
public sealed class FaultInjector(bool enabled, WorkerLog log)
{
    public bool Enabled { get; } = enabled;

    /// <summary>The fault to fire during this job, or null when none was asked for or injection is off.</summary>
    public ArmedFault? Arm(FaultSpec? requested, int steps, string jobId)
    {
        if (requested is null)
            return null;
        if (!Enabled)
        {
            log.Warn($"job {jobId}: fault '{requested.Kind}' ignored: this worker was not started with --allow-fault-injection");
            return null;
        }

        var step = Math.Clamp(requested.Step, 1, Math.Max(1, steps));
        log.Info($"job {jobId}: fault '{requested.Kind}' armed at step {step}");
        return new ArmedFault(requested.Kind, step);
    }

    /// <summary>
    /// Fires the fault. Crashes and exits never return, a hang never completes (not even on cancellation);
    /// only <see cref="InjectedFault.Fail"/> returns, with the error message of the clean failure.
    /// </summary>
    /// <summary>The simulated device ran out of memory: dies like the library does (not a requested fault, so no flag needed).</summary>
    public void OutOfMemory()
    {
        log.Warn("simulated device out of memory");
        NativeCrash.Abort(GgmlFailureText.CudaOutOfMemory);
    }

    public async Task<string> TriggerAsync(ArmedFault fault, string jobId)
    {
        log.Warn($"job {jobId}: injecting fault '{fault.Kind}' at step {fault.Step}");
        switch (fault.Kind)
        {
            case InjectedFault.Segv:
                NativeCrash.Segfault();
                break;
            case InjectedFault.Abort:
                NativeCrash.Abort(GgmlFailureText.Assert);
                break;
            case InjectedFault.CudaOom:
                NativeCrash.Abort(GgmlFailureText.CudaOutOfMemory);
                break;
            case InjectedFault.CudaError:
                NativeCrash.Abort(GgmlFailureText.CudaIllegalAddress);
                break;
            case InjectedFault.Exit:
                Environment.Exit(WorkerProtocol.InjectedExitCode);
                break;
            case InjectedFault.Hang:
                // A stuck kernel: no progress, no reaction to cancellation; only SIGKILL ends it.
                await Task.Delay(Timeout.InfiniteTimeSpan, CancellationToken.None);
                break;
            case InjectedFault.Fail:
                return $"generation failed: the engine returned no image at step {fault.Step} (injected fault 'fail')";
        }

        throw new InvalidOperationException($"Injected fault '{fault.Kind}' did not end the job.");
    }
}
