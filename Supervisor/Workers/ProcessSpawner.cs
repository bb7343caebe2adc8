using System.Collections.Concurrent;

namespace SdSupervised.Supervisor.Workers;

/// <summary>
/// Starts worker processes from one long-lived thread. Workers ask the kernel for SIGKILL when their parent
/// dies (PR_SET_PDEATHSIG), and Linux ties that to the *thread* that forked them: forking from a thread-pool
/// thread that later retires would kill a healthy worker. This thread lives as long as the supervisor.
/// </summary>
public sealed class ProcessSpawner : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread _thread;

    public ProcessSpawner()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "worker-spawner" };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="start"/> (which must start the process synchronously) on the spawner thread.</summary>
    public Task<T> SpawnAsync<T>(Func<T> start)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try { completion.SetResult(start()); }
            catch (Exception ex) { completion.SetException(ex); }
        });
        return completion.Task;
    }

    private void Run()
    {
        foreach (var action in _work.GetConsumingEnumerable())
            action();
    }

    public void Dispose() => _work.CompleteAdding();
}
