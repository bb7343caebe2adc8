using System.Collections.Concurrent;
using System.Diagnostics;

namespace SdSupervised.IntegrationTests.Infrastructure;

/// <summary>
/// Hammers one GET endpoint back to back on its own connection pool and records every outcome, so a test
/// can claim "the API answered every request during the crash" with the count to show for it.
/// </summary>
public sealed class ContinuousPoller : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly string _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _bad = new();
    private readonly Task _loop;
    private int _ok;
    private double _worstMs;

    public ContinuousPoller(Uri baseAddress, string target)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        _target = target;
        _loop = Task.Run(LoopAsync);
    }

    public int Ok => Volatile.Read(ref _ok);
    public IReadOnlyCollection<string> Bad => _bad.ToArray();
    public double WorstMs => _worstMs;

    public async Task StopAsync()
    {
        _stop.Cancel();
        try { await _loop; } catch (OperationCanceledException) { }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                using var response = await _http.GetAsync(_target, _stop.Token);
                await response.Content.ReadAsByteArrayAsync(_stop.Token);
                if ((int)response.StatusCode == 200) Interlocked.Increment(ref _ok);
                else _bad.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                _bad.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {e.GetType().Name}: {e.Message}");
            }
            _worstMs = Math.Max(_worstMs, clock.Elapsed.TotalMilliseconds);
            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        _stop.Dispose();
    }
}
