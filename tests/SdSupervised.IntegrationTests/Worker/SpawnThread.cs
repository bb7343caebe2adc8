using System.Collections.Concurrent;
using System.Diagnostics;

namespace SdSupervised.IntegrationTests.Worker;

/// <summary>
/// Starts processes from one thread that lives as long as the test run. The worker arms PR_SET_PDEATHSIG,
/// which fires when the *thread* that forked it exits; forking from a pool thread that later retires
/// would kill the worker mid-test. The supervisor does the same for the same reason.
/// </summary>
internal static class SpawnThread
{
    private static readonly BlockingCollection<Action> Work = new();

    static SpawnThread()
    {
        var thread = new Thread(() =>
        {
            foreach (var action in Work.GetConsumingEnumerable())
                action();
        })
        {
            IsBackground = true,
            Name = "worker-spawn",
        };
        thread.Start();
    }

    /// <summary>Runs <paramref name="start"/> (which must call Process.Start) on the spawn thread.</summary>
    public static Task<Process> StartAsync(Func<Process> start)
    {
        var completion = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Work.Add(() =>
        {
            try
            {
                completion.SetResult(start());
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        });
        return completion.Task;
    }
}
