using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SdSupervised.Bench;

/// <summary>
/// Figure (d): <c>GET /api/queue/status</c> latency seen by 50 concurrent pollers while two workers generate.
/// A feeder keeps jobs queued so both workers stay busy (and the supervisor keeps encoding PNGs and writing SQLite)
/// for the whole window. Two load shapes: closed loop (each poller sends its next request as soon as the last
/// answered: the saturation case) and paced (each poller every 100 ms, like 50 UI tabs polling 10 times a second).
/// Then the same paced load against <c>GET /api/status</c> (one published document per change) and <c>GET /api/health</c>
/// (the server's floor: the smallest answer it has), side by side while the workers still generate.
/// </summary>
public sealed partial class QueueStatusLatencyBenchmark : IBenchmark
{
    private const int Pollers = 50;
    private const int Workers = 2;
    private const int StepMs = 10;
    private const int JobSteps = 20;
    private const int JobSize = 512;
    private const int MinQueued = 4;
    private const int PacedIntervalMs = 100;
    private const double GoalP99Ms = 5;

    public char Figure => 'd';
    public string Title => $"(d) GET /api/queue/status and /api/status latency, {Pollers} concurrent pollers, {Workers} workers generating";

    public async Task<IReadOnlyList<SummaryLine>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromSeconds(context.Quick ? 3 : 10);
        await using var supervisor = await SupervisorProcess.StartAsync(new SupervisorLaunch("queue", Workers, StepMs), cancellationToken);
        using var feederClient = SupervisorProcess.CreateHttpClient(supervisor.BaseAddress, maxConnections: 2);
        using var stopFeeder = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var feeder = new Feeder(supervisor, feederClient);
        var feeding = feeder.RunAsync(stopFeeder.Token);
        // One handler, one connection per poller: no poller ever waits for a connection another holds.
        using var client = SupervisorProcess.CreateHttpClient(supervisor.BaseAddress, maxConnections: Pollers + 4);

        Console.WriteLine($"  {Environment.ProcessorCount} CPU cores, shared by the {Pollers} pollers (this process), the supervisor and its {Workers} workers: client-side scheduling delay is part of every number below.");
        Console.WriteLine($"  jobs: {JobSize}x{JobSize}, {JobSteps} steps x {StepMs} ms, at least {MinQueued} kept queued; each poller reads the whole response body; one keep-alive connection per poller.");
        var results = new List<(string Name, Percentiles Latency, int Errors, double Rps, int JobsDone, double BusyShare)>();
        try
        {
            await WaitForBothBusyAsync(supervisor, cancellationToken);
            foreach (var path in new[] { QueueStatus, "api/status", "api/health" }) // connections + JIT, not recorded
                await RunPhaseAsync(client, path, TimeSpan.FromSeconds(context.Quick ? 1 : 2), pacing: null, cancellationToken);

            Console.WriteLine($"  {"load",-28}  {"requests",8}  {"errors",6}  {"p50 ms",7}  {"p90 ms",7}  {"p99 ms",7}  {"max ms",7}  {"req/s",7}  {"jobs done",9}  {"both busy",9}");
            var paced = TimeSpan.FromMilliseconds(PacedIntervalMs);
            foreach (var (name, path, pacing) in new[]
                     {
                         ("closed loop (back-to-back)", QueueStatus, (TimeSpan?)null), ($"paced (each every {PacedIntervalMs} ms)", QueueStatus, paced),
                         ("/api/status, paced", "api/status", paced), ("/api/health, paced (floor)", "api/health", paced),
                     })
            {
                var logIndex = supervisor.LogCount;
                feeder.ResetSamples();
                var phase = await RunPhaseAsync(client, path, window, pacing, cancellationToken);
                var jobsDone = supervisor.CountLog(JobCompleted(), logIndex);
                var busy = feeder.BothBusyShare;
                var p = new Percentiles(phase.Latencies);
                results.Add((name, p, phase.Errors, phase.Latencies.Count / phase.Seconds, jobsDone, busy));
                Console.WriteLine($"  {name,-28}  {p.Count,8}  {phase.Errors,6}  {p.Median,7:0.00}  {p.At(90),7:0.00}  {p.P99,7:0.00}  {p.Max,7:0.0}  {p.Count / phase.Seconds,7:0}  {jobsDone,9}  {busy,8:0%}");
            }
        }
        finally
        {
            await stopFeeder.CancelAsync();
            try
            {
                await feeding;
            }
            catch (OperationCanceledException)
            {
                // Stopped on purpose.
            }
        }

        // Baseline: the same paced load with nothing generating, to tell the server's own tail from the cost of busy workers on shared cores.
        await DrainAsync(supervisor, cancellationToken);
        var idle = await RunPhaseAsync(client, QueueStatus, window, TimeSpan.FromMilliseconds(PacedIntervalMs), cancellationToken);
        var idleP = new Percentiles(idle.Latencies);
        var idleName = "paced, workers idle (base)";
        Console.WriteLine($"  {idleName,-28}  {idleP.Count,8}  {idle.Errors,6}  {idleP.Median,7:0.00}  {idleP.At(90),7:0.00}  {idleP.P99,7:0.00}  {idleP.Max,7:0.0}  {idleP.Count / idle.Seconds,7:0}  {"-",9}  {"-",9}");
        await supervisor.ReportUnexpectedRestartsAsync(cancellationToken);
        Console.WriteLine($"  closed loop keeps {Pollers} requests in flight, so by Little's law p50 ~= {Pollers} / throughput: it measures the server saturated on these cores, not an idle answer.");
        Console.WriteLine("  'both busy' = share of the feeder's 100 ms samples that saw 2 jobs running; 'jobs done' = jobs completed during the window;");
        Console.WriteLine("  the last row is the paced load after the queue was cleared and both workers went idle (the server's own floor on these cores).");

        var (closed, queuePaced, status, health) = (results[0], results[1], results[2], results[3]);
        return
        [
            new SummaryLine("(d) queue/status, closed loop",
                $"p50 {closed.Latency.Median:0.00} ms, p99 {closed.Latency.P99:0.00} ms, max {closed.Latency.Max:0.0} ms, {closed.Rps:0} req/s ({Pollers} back-to-back pollers)  [{Verdict.Of(closed.Latency.P99 < GoalP99Ms)}]",
                $"p99 < {GoalP99Ms} ms"),
            new SummaryLine("(d) queue/status, paced",
                $"p50 {queuePaced.Latency.Median:0.00} ms, p99 {queuePaced.Latency.P99:0.00} ms, max {queuePaced.Latency.Max:0.0} ms, {queuePaced.Rps:0} req/s ({Pollers} pollers every {PacedIntervalMs} ms; workers idle: p99 {idleP.P99:0.00} ms)  [{Verdict.Of(queuePaced.Latency.P99 < GoalP99Ms)}]",
                $"p99 < {GoalP99Ms} ms"),
            new SummaryLine("(d) status, paced",
                $"p50 {status.Latency.Median:0.00} ms, p99 {status.Latency.P99:0.00} ms; /api/health floor: p50 {health.Latency.Median:0.00} ms, p99 {health.Latency.P99:0.00} ms  [{Verdict.Of(status.Latency.P99 < GoalP99Ms)}]",
                $"p99 < {GoalP99Ms} ms"),
        ];
    }

    private static async Task WaitForBothBusyAsync(SupervisorProcess supervisor, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var workers = await supervisor.GetWorkersAsync(cancellationToken);
            if (workers.Count(w => w.State is "busy" or "loading") == Workers)
                return;
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
                throw supervisor.Failure($"did not get both workers busy within 30 s ({string.Join(", ", workers.Select(w => $"{w.Id}={w.State}"))})");
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Drops the pending jobs and waits for the running ones to finish.</summary>
    private static async Task DrainAsync(SupervisorProcess supervisor, CancellationToken cancellationToken)
    {
        using (var response = await supervisor.Http.PostAsync("api/queue/clear", content: null, cancellationToken))
            response.EnsureSuccessStatusCode();
        await supervisor.WaitForWorkerAsync("w0", w => w.State == "idle", "idle after the queue was cleared", TimeSpan.FromSeconds(30), cancellationToken);
        await supervisor.WaitForWorkerAsync("w1", w => w.State == "idle", "idle after the queue was cleared", TimeSpan.FromSeconds(30), cancellationToken);
    }

    private const string QueueStatus = "api/queue/status";

    /// <summary>Every poller reads the whole body each time (no If-None-Match): the cost of the answer itself, not of a 304.</summary>
    private static Task<(List<double> Latencies, int Errors, double Seconds)> RunPhaseAsync(HttpClient client, string path, TimeSpan window, TimeSpan? pacing, CancellationToken cancellationToken) =>
        LoadPhase.RunAsync(Pollers, window, pacing, async ct =>
        {
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead, ct);
            return response.IsSuccessStatusCode;
        }, "GET /" + path, cancellationToken);

    [GeneratedRegex(@"Job \w+ completed: ")]
    private static partial Regex JobCompleted();

    /// <summary>Keeps at least <see cref="MinQueued"/> jobs queued, and samples how many run, every 100 ms.</summary>
    private sealed class Feeder(SupervisorProcess supervisor, HttpClient client)
    {
        private long _samples;
        private long _bothBusy;
        private long _seed = 10_000;

        public double BothBusyShare => Interlocked.Read(ref _samples) is var n and > 0 ? (double)Interlocked.Read(ref _bothBusy) / n : 0;

        public void ResetSamples()
        {
            Interlocked.Exchange(ref _samples, 0);
            Interlocked.Exchange(ref _bothBusy, 0);
        }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                int queued, running;
                using (var response = await client.GetAsync("api/queue/status", cancellationToken))
                {
                    response.EnsureSuccessStatusCode();
                    using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
                    queued = doc.RootElement.GetProperty("queued").GetInt32();
                    running = doc.RootElement.GetProperty("running").GetInt32();
                }
                Interlocked.Increment(ref _samples);
                if (running >= Workers)
                    Interlocked.Increment(ref _bothBusy);
                if (queued < MinQueued)
                    for (var i = queued; i < MinQueued + 2; i++)
                        await supervisor.SubmitText2ImgAsync(JobSize, JobSize, JobSteps, Interlocked.Increment(ref _seed), cancellationToken, client);
                await Task.Delay(100, cancellationToken);
            }
        }
    }
}
