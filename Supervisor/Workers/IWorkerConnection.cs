using SdSupervised.Contracts;

namespace SdSupervised.Supervisor.Workers;

/// <summary>
/// One live worker as its slot and the job runner see it: the RPC proxy after the handshake, how it ended, and the
/// only ways to end it (every kill goes through here, so the classifier knows which were ours). The real one is
/// <see cref="WorkerProcess"/>; tests run the core against an in-memory one.
/// </summary>
public interface IWorkerConnection : IAsyncDisposable
{
    int ProcessId { get; }
    WorkerInfo? Info { get; }
    IWorkerRpc Rpc { get; }

    /// <summary>Completes once the worker is gone and its end has been classified.</summary>
    Task<WorkerExitReport> Exited { get; }

    /// <summary>Cancelled the moment the worker has exited.</summary>
    CancellationToken ExitedToken { get; }

    bool HasExited { get; }

    /// <summary>Ends the worker now (SIGKILL). The first reason given is the one recorded.</summary>
    void Kill(KillReason reason, string? detail);

    /// <summary>Graceful stop: close the pipe, then signals; completes once the worker is gone.</summary>
    Task StopAsync(KillReason reason, CancellationToken cancellationToken);
}
