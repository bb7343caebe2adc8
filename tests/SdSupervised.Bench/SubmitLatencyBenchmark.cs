using System.Diagnostics;
using System.Net;
using System.Text;

namespace SdSupervised.Bench;

/// <summary>
/// Figure (e): <c>POST /api/generate/text2img</c> throughput and latency seen by 50 concurrent submitters, while two
/// workers keep generating (so the store also writes their start and completion transitions). Every 202 is a job
/// stored with a full fsync, so this is the durable write path under load. Two load shapes, as in figure (d): paced
/// (all submitters together at a fixed rate, to read the latency at that rate), then closed loop (each submitter
/// sends its next job as soon as the last was answered: the saturation throughput). Paced goes first so that it
/// meets a short queue, not the thousands of jobs the closed loop leaves behind.
/// </summary>
public sealed class SubmitLatencyBenchmark : IBenchmark
{
    private const int Submitters = 50;
    private const int Workers = 2;
    private const int StepMs = 10;
    private const int JobSteps = 20;
    private const int JobSize = 64;
    private const int PacedRate = 100;

    public char Figure => 'e';
    public string Title => $"(e) POST /api/generate/text2img throughput and latency, {Submitters} concurrent submitters, {Workers} workers generating";

    public async Task<IReadOnlyList<SummaryLine>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromSeconds(context.Quick ? 3 : 10);
        // The queue grows by thousands of jobs here; the limit is not what is measured.
        var launch = new SupervisorLaunch("submit", Workers, StepMs)
        {
            Environment = new Dictionary<string, string> { ["SDS__Limits__MaxQueueLength"] = "1000000" },
        };
        await using var supervisor = await SupervisorProcess.StartAsync(launch, cancellationToken);
        using var client = SupervisorProcess.CreateHttpClient(supervisor.BaseAddress, maxConnections: Submitters + 4);

        Console.WriteLine($"  {Environment.ProcessorCount} CPU cores, shared by the {Submitters} submitters (this process), the supervisor and its {Workers} workers: client-side scheduling delay is part of every number below.");
        Console.WriteLine($"  jobs: {JobSize}x{JobSize}, {JobSteps} steps x {StepMs} ms (the workers run them meanwhile); a 202 means the job is stored (synchronous=FULL); one keep-alive connection per submitter.");
        var seed = 0L;
        await RunPhaseAsync(client, TimeSpan.FromSeconds(context.Quick ? 1 : 2), pacing: null, () => Interlocked.Increment(ref seed), cancellationToken); // connections + JIT, not recorded

        var rows = new List<(string Name, Percentiles Latency, int Errors, double Rate)>();
        Console.WriteLine($"  {"load",-34}  {"submits",8}  {"errors",6}  {"p50 ms",7}  {"p90 ms",7}  {"p99 ms",7}  {"max ms",7}  {"submit/s",8}");
        var pacedInterval = TimeSpan.FromSeconds((double)Submitters / PacedRate);
        foreach (var (name, pacing) in new[] { ($"paced ({PacedRate}/s, each every {pacedInterval.TotalMilliseconds:0} ms)", (TimeSpan?)pacedInterval), ("closed loop (back-to-back)", (TimeSpan?)null) })
        {
            var phase = await RunPhaseAsync(client, window, pacing, () => Interlocked.Increment(ref seed), cancellationToken);
            var p = new Percentiles(phase.Latencies);
            var rate = p.Count / phase.Seconds;
            rows.Add((name, p, phase.Errors, rate));
            Console.WriteLine($"  {name,-34}  {p.Count,8}  {phase.Errors,6}  {p.Median,7:0.00}  {p.At(90),7:0.00}  {p.P99,7:0.00}  {p.Max,7:0.0}  {rate,8:0}");
        }

        // No queue clear: it cancels the tens of thousands of jobs left one at a time; disposing the supervisor ends them.
        await supervisor.ReportUnexpectedRestartsAsync(cancellationToken);
        Console.WriteLine($"  closed loop keeps {Submitters} submits in flight, so by Little's law p50 ~= {Submitters} / throughput; 'errors' = answers other than 202 and transport failures.");

        var paced = rows[0];
        var closed = rows[1];
        return
        [
            new SummaryLine("(e) submit, closed loop",
                $"{closed.Rate:0} submits/s, p50 {closed.Latency.Median:0.00} ms, p99 {closed.Latency.P99:0.00} ms, max {closed.Latency.Max:0.0} ms, {closed.Errors} errors ({Submitters} back-to-back submitters)", ""),
            new SummaryLine("(e) submit, paced",
                $"{paced.Rate:0} submits/s, p50 {paced.Latency.Median:0.00} ms, p99 {paced.Latency.P99:0.00} ms, max {paced.Latency.Max:0.0} ms, {paced.Errors} errors ({Submitters} submitters, {PacedRate}/s in all)", ""),
        ];
    }

    private static Task<(List<double> Latencies, int Errors, double Seconds)> RunPhaseAsync(
        HttpClient client, TimeSpan window, TimeSpan? pacing, Func<long> nextSeed, CancellationToken cancellationToken) =>
        LoadPhase.RunAsync(Submitters, window, pacing, async ct =>
        {
            var body = $$"""{"prompt":"sds-bench submit","width":{{JobSize}},"height":{{JobSize}},"steps":{{JobSteps}},"seed":{{nextSeed()}}}""";
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await client.PostAsync("api/generate/text2img", content, ct);
            await response.Content.ReadAsByteArrayAsync(ct);
            return response.StatusCode == HttpStatusCode.Accepted;
        }, "accepted submit", cancellationToken);
}
