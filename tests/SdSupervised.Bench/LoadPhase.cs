using System.Diagnostics;

namespace SdSupervised.Bench;

/// <summary>
/// One load phase of figures (d) and (e): <c>clients</c> concurrent loops, each sending one request after another for
/// <c>window</c>, either back to back (closed loop) or each every <c>pacing</c> (spread evenly over one interval so
/// they do not arrive in bursts). A request answers true when it succeeded (its latency is kept), false otherwise.
/// </summary>
public static class LoadPhase
{
    public static async Task<(List<double> Latencies, int Errors, double Seconds)> RunAsync(
        int clients, TimeSpan window, TimeSpan? pacing, Func<CancellationToken, Task<bool>> request, string what, CancellationToken cancellationToken)
    {
        var errors = 0;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var loops = Enumerable.Range(0, clients).Select(i => Task.Run(async () =>
        {
            var latencies = new List<double>(4096);
            var next = start + (pacing is { } p ? (long)(p.TotalSeconds * Stopwatch.Frequency * i / clients) : 0);
            while (true)
            {
                if (pacing is { } interval)
                {
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                    if (wait > TimeSpan.Zero)
                        await Task.Delay(wait, cancellationToken);
                    next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
                }
                var sent = Stopwatch.GetTimestamp();
                if (sent >= end)
                    break;
                try
                {
                    var ok = await request(cancellationToken);
                    var elapsed = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                    if (ok)
                        latencies.Add(elapsed);
                    else
                        Interlocked.Increment(ref errors);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            return latencies;
        }, cancellationToken)).ToArray();
        var all = await Task.WhenAll(loops);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var merged = all.SelectMany(l => l).ToList();
        if (merged.Count == 0)
            throw new InvalidOperationException($"no successful {what} in {window.TotalSeconds:0} s ({errors} errors)");
        return (merged, errors, seconds);
    }
}
