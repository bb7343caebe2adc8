using Nerdbank.Streams;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Workers;
using SdSupervised.Worker;
using SdSupervised.Worker.Engines;
using SdSupervised.Worker.Logging;
using SdSupervised.Worker.Rpc;
using StreamJsonRpc;

namespace SdSupervised.Tests.Core;

/// <summary>
/// A worker in this process: the real <see cref="WorkerRpcService"/> over a real engine, behind the real RPC stack on
/// an in-memory duplex stream. Its "process" ends like a real one would (a kill, a crash with a signal, a clean stop):
/// the pipe breaks, and the end is classified by the real <see cref="FailureClassifier"/>.
/// </summary>
public sealed class InMemoryWorker : IWorkerConnection
{
    private readonly JsonRpc _client;
    private readonly JsonRpc _server;
    private readonly Func<WorkerActivity> _activity;
    private readonly TaskCompletionSource<WorkerExitReport> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _exitedCts = new();
    private readonly TimeProvider _time;
    private int _ended;

    public InMemoryWorker(string workerId, int pid, IDiffusionEngine engine, Func<WorkerActivity> activity, TimeProvider time)
    {
        ProcessId = pid;
        _activity = activity;
        _time = time;
        var (client, server) = FullDuplexStream.CreatePair();
        var options = new WorkerOptions { PipeName = "in-memory", WorkerId = workerId, Engine = engine.Kind };
        _server = WorkerRpcConnection.Create(server);
        _server.AddLocalRpcTarget<IWorkerRpc>(new WorkerRpcService(engine, options, new WorkerLog(_ => { })), null);
        _server.StartListening();
        _client = WorkerRpcConnection.Create(client);
        Rpc = _client.Attach<IWorkerRpc>();
        _client.StartListening();
    }

    public int ProcessId { get; }
    public WorkerInfo? Info { get; private set; }
    public IWorkerRpc Rpc { get; }
    public Task<WorkerExitReport> Exited => _exited.Task;
    public CancellationToken ExitedToken => _exitedCts.Token;
    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Kills we asked for, with their reasons, in order.</summary>
    public List<KillReason> Kills { get; } = [];

    public async Task HandshakeAsync(CancellationToken cancellationToken) =>
        Info = await Rpc.HelloAsync(WorkerProtocol.Version, cancellationToken);

    public void Kill(KillReason reason, string? detail)
    {
        lock (Kills)
            Kills.Add(reason);
        End(exitCode: 137, reason, detail);
    }

    public Task StopAsync(KillReason reason, CancellationToken cancellationToken)
    {
        End(exitCode: 0, reason, null);
        return Exited;
    }

    /// <summary>The process dies by itself with <paramref name="signal"/> (11 = SIGSEGV, 9 = SIGKILL from outside).</summary>
    public void Crash(int signal, IReadOnlyList<string>? lastLines = null) => End(128 + signal, KillReason.None, null, lastLines);

    private void End(int exitCode, KillReason killedBy, string? detail, IReadOnlyList<string>? lastLines = null)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
            return;
        var evidence = new WorkerExitEvidence
        {
            ExitCode = exitCode,
            KilledBy = killedBy,
            KillDetail = detail,
            HandshakeCompleted = Info is not null,
            LastLines = lastLines ?? [],
            Activity = Info is null ? WorkerActivity.Starting : _activity(),
        };
        _server.Dispose();
        _client.Dispose();
        _exitedCts.Cancel();
        var now = _time.GetUtcNow();
        _exited.TrySetResult(new WorkerExitReport(evidence, FailureClassifier.Classify(evidence), now, TimeSpan.FromSeconds(1)));
    }

    public ValueTask DisposeAsync()
    {
        End(exitCode: 0, KillReason.Stop, "disposed");
        return ValueTask.CompletedTask;
    }
}
