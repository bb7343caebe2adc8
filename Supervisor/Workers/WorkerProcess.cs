using CliWrap;
using SdSupervised.Contracts;
using StreamJsonRpc;

namespace SdSupervised.Supervisor.Workers;

/// <summary>
/// One running worker process and its pipe connection. Its <see cref="Exited"/> task completes once the
/// process is gone and its end has been classified; every kill goes through here so we know which were ours.
/// </summary>
public sealed class WorkerProcess : IWorkerConnection
{
    private readonly CommandTask<CommandResult> _command;
    private readonly LogRingBuffer _lines;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _startedAt;
    private readonly TaskCompletionSource<WorkerExitReport> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _exitedCts = new();
    private readonly Lock _lock = new();
    private KillReason _killReason;
    private string? _killDetail;
    private JsonRpc? _rpc;
    private IWorkerRpc? _proxy;
    private volatile bool _handshakeCompleted;
    private readonly Func<WorkerActivity> _activity;

    internal WorkerProcess(string slotId, CommandTask<CommandResult> command, LogRingBuffer lines, Func<WorkerActivity> activity, ILogger logger, TimeProvider time)
    {
        SlotId = slotId;
        _activity = activity;
        _command = command;
        _lines = lines;
        _logger = logger;
        _time = time;
        _startedAt = time.GetUtcNow();
        ProcessId = command.ProcessId;
        _ = ObserveExitAsync();
    }

    public string SlotId { get; }
    public int ProcessId { get; }
    public WorkerInfo? Info { get; private set; }

    /// <summary>The RPC proxy; only valid after the handshake.</summary>
    public IWorkerRpc Rpc => _proxy ?? throw new InvalidOperationException("The worker has not completed its handshake.");

    public Task<WorkerExitReport> Exited => _exited.Task;

    /// <summary>Cancelled the moment the process has exited.</summary>
    public CancellationToken ExitedToken => _exitedCts.Token;

    public bool HasExited => _exited.Task.IsCompleted;

    public IReadOnlyList<string> LastLines => _lines.Snapshot();

    internal void Attach(JsonRpc rpc, IWorkerRpc proxy, WorkerInfo info)
    {
        _rpc = rpc;
        _proxy = proxy;
        Info = info;
        _handshakeCompleted = true;
    }

    /// <summary>SIGKILL now. The first reason given is the one recorded.</summary>
    public void Kill(KillReason reason, string? detail)
    {
        RecordKill(reason, detail);
        if (!HasExited)
        {
            _logger.LogWarning("Killing worker {WorkerId} (pid {Pid}): {KillReason} {KillDetail}", SlotId, ProcessId, reason, detail);
            Signals.SendToGroup(ProcessId, Signals.SigKill);
        }
    }

    /// <summary>Graceful stop: close the pipe (the worker exits by itself), then SIGTERM, then SIGKILL.</summary>
    public async Task StopAsync(KillReason reason, CancellationToken cancellationToken)
    {
        RecordKill(reason, null);
        _rpc?.Dispose();
        if (await WaitForExitAsync(TimeSpan.FromSeconds(5), cancellationToken))
            return;
        _logger.LogWarning("Worker {WorkerId} (pid {Pid}) did not exit after its pipe closed; sending SIGTERM", SlotId, ProcessId);
        Signals.SendToGroup(ProcessId, Signals.SigTerm);
        if (await WaitForExitAsync(TimeSpan.FromSeconds(3), cancellationToken))
            return;
        _logger.LogWarning("Worker {WorkerId} (pid {Pid}) ignored SIGTERM; sending SIGKILL", SlotId, ProcessId);
        Signals.SendToGroup(ProcessId, Signals.SigKill);
        await Exited.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!HasExited)
            Kill(KillReason.Stop, "disposed");
        try { await Exited.WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (TimeoutException) { _logger.LogError("Worker {WorkerId} (pid {Pid}) did not exit after SIGKILL", SlotId, ProcessId); }
        _rpc?.Dispose();
        _exitedCts.Dispose();
    }

    private async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await Exited.WaitAsync(timeout, _time, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private void RecordKill(KillReason reason, string? detail)
    {
        lock (_lock)
        {
            if (_killReason != KillReason.None)
                return;
            _killReason = reason;
            _killDetail = detail;
        }
    }

    private async Task ObserveExitAsync()
    {
        int? exitCode = null;
        try
        {
            var result = await _command;
            exitCode = result.ExitCode;
        }
        catch (OperationCanceledException)
        {
            // Only our own forceful cancellation ends the command this way; the kill reason says why.
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Lost track of worker {WorkerId} (pid {Pid})", SlotId, ProcessId);
        }

        KillReason killReason;
        string? killDetail;
        lock (_lock)
        {
            killReason = _killReason;
            killDetail = _killDetail;
        }
        var evidence = new WorkerExitEvidence
        {
            ExitCode = exitCode,
            LastLines = _lines.Snapshot(),
            KilledBy = killReason,
            KillDetail = killDetail,
            HandshakeCompleted = _handshakeCompleted,
            // Before the handshake the slot is still starting whatever it shows.
            Activity = _handshakeCompleted ? _activity() : WorkerActivity.Starting,
        };
        var failure = FailureClassifier.Classify(evidence);
        var now = _time.GetUtcNow();
        var report = new WorkerExitReport(evidence, failure, now, now - _startedAt);
        if (failure is null)
            _logger.LogInformation("Worker {WorkerId} (pid {Pid}) exited with code {ExitCode} ({KillReason})", SlotId, ProcessId, exitCode, killReason);
        else
            _logger.LogWarning("Worker {WorkerId} (pid {Pid}) failed: {FailureKind}: {FailureMessage} (exit code {ExitCode})",
                SlotId, ProcessId, failure.Kind, failure.Message, exitCode);
        try { _exitedCts.Cancel(); } catch (ObjectDisposedException) { }
        _rpc?.Dispose();
        _exited.TrySetResult(report);
    }
}
