using System.Collections.Concurrent;
using SdSupervised.Supervisor.Workers;
using SdSupervised.Worker.Engines;

namespace SdSupervised.Tests.Core;

/// <summary>
/// Launches <see cref="InMemoryWorker"/>s. <see cref="FailNextStarts"/> makes the next launches fail like a worker that
/// exits before its handshake (a missing device); every launched worker is kept in <see cref="Launched"/>.
/// </summary>
public sealed class InMemoryWorkerLauncher(Func<IDiffusionEngine> engine, TimeProvider time) : IWorkerLauncher
{
    private int _pid = 1000;
    private int _failNext;

    public ConcurrentQueue<InMemoryWorker> Launched { get; } = new();

    /// <summary>Launch attempts so far, failed ones included.</summary>
    public int Attempts;

    public void FailNextStarts(int count) => Volatile.Write(ref _failNext, count);

    public InMemoryWorker Last => Launched.Last();

    public async Task<IWorkerConnection> LaunchAsync(WorkerSlotSpec spec, Func<WorkerActivity> activity, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Attempts);
        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            var evidence = new WorkerExitEvidence { ExitCode = 2, LastLines = ["SDS-STARTUP-ERROR: no CUDA device (test)"] };
            throw new WorkerStartupException(new WorkerExitReport(evidence, FailureClassifier.Classify(evidence), time.GetUtcNow(), TimeSpan.Zero));
        }
        Interlocked.Exchange(ref _failNext, 0);
        var worker = new InMemoryWorker(spec.Id, Interlocked.Increment(ref _pid), engine(), activity, time);
        await worker.HandshakeAsync(cancellationToken);
        Launched.Enqueue(worker);
        return worker;
    }
}
