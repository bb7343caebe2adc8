using System.Collections.Concurrent;

namespace SdSupervised.Worker.Native;

/// <summary>
/// One long-lived thread for every blocking call into the library. The library and ggml keep per-thread state
/// (the OpenMP thread team, backend caches), and a call can run for minutes, so it neither belongs on the
/// thread pool nor on a fresh thread each time. Calls run one after another, in order.
/// </summary>
public sealed class NativeThread : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread _thread;

    public NativeThread(string name = "sd-native")
    {
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public Task<T> RunAsync<T>(Func<T> call)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                completion.SetResult(call());
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        });
        return completion.Task;
    }

    public Task RunAsync(Action call) => RunAsync(() =>
    {
        call();
        return true;
    });

    public void Dispose() => _work.CompleteAdding();

    private void Run()
    {
        foreach (var work in _work.GetConsumingEnumerable())
            work();
    }
}
