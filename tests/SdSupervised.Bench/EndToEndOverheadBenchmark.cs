using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SdSupervised.Bench;

/// <summary>
/// Figure (a): HTTP submit → completed wall time divided by the engine's own generation time for the same job.
/// The engine time is <c>GenerationResult.GenerationSeconds</c> as the supervisor logs it
/// ("Job X completed: ..., engine time S s"), so both numbers describe exactly one job.
/// </summary>
public sealed class EndToEndOverheadBenchmark : IBenchmark
{
    private const int StepMs = 100;
    private const int Steps = 20;
    private const int Size = 512;
    private const int PollIntervalMs = 5;
    private const double Goal = 1.01;

    public char Figure => 'a';
    public string Title => $"(a) HTTP submit -> completed / engine time ({Size}x{Size}, {Steps} steps x {StepMs} ms, 1 worker)";

    public async Task<IReadOnlyList<SummaryLine>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var jobs = context.Quick ? 2 : 5;
        await using var supervisor = await SupervisorProcess.StartAsync(new SupervisorLaunch("e2e", Workers: 1, StepMs), cancellationToken);
        using var client = SupervisorProcess.CreateHttpClient(supervisor.BaseAddress, maxConnections: 2);

        // Warm-up: the first job loads the model and JITs both processes; it is not measured.
        var warmStart = Stopwatch.GetTimestamp();
        var warm = await supervisor.SubmitText2ImgAsync(Size, Size, Steps, seed: 1, cancellationToken, client);
        await supervisor.WaitForCompletionAsync(warm, TimeSpan.FromSeconds(60), cancellationToken);
        await supervisor.GetJobAsync(warm, cancellationToken, client);
        Console.WriteLine($"  warm-up job (model load included, not measured): {Stopwatch.GetElapsedTime(warmStart).TotalMilliseconds:0} ms");

        Console.WriteLine($"  {"job",3}  {"wall ms",8}  {"engine ms",9}  {"overhead",8}  {"ratio",6}  {"poll bound",10}  {"ratio >=",8}  {"server ms",9}  {"srv ratio",9}  {"dispatch",8}  {"post-gen",8}");
        var rows = new List<Row>();
        for (var i = 0; i < jobs; i++)
        {
            await supervisor.WaitForWorkerAsync("w0", w => w.State == "idle", "idle", TimeSpan.FromSeconds(10), cancellationToken);
            var row = await MeasureOneAsync(supervisor, client, seed: 1000 + i, cancellationToken);
            rows.Add(row);
            Console.WriteLine($"  {i + 1,3}  {row.WallMs,8:0.0}  {row.EngineMs,9:0.0}  {row.WallMs - row.EngineMs,8:0.0}  {row.Ratio,6:0.0000}  {row.PollBoundMs,10:0.0}  {row.RatioLowerBound,8:0.0000}" +
                              $"  {row.ServerMs,9:0.0}  {row.ServerRatio,9:0.0000}  {row.DispatchMs,8:0.0}  {row.PostGenerationMs,8:0.0}");
        }

        await supervisor.ReportUnexpectedRestartsAsync(cancellationToken);
        var ratio = Percentiles.MedianOf(rows.Select(r => r.Ratio));
        var ratioLow = Percentiles.MedianOf(rows.Select(r => r.RatioLowerBound));
        var serverRatio = Percentiles.MedianOf(rows.Select(r => r.ServerRatio));
        var engineMs = Percentiles.MedianOf(rows.Select(r => r.EngineMs));
        var wallMs = Percentiles.MedianOf(rows.Select(r => r.WallMs));
        var rtt = new Percentiles(rows.SelectMany(r => r.PollRttMs));
        context.EngineSeconds512 = engineMs / 1000;

        Console.WriteLine($"  median ratio wall/engine: {ratio:0.0000}  (wall {wallMs:0.0} ms, engine {engineMs:0.0} ms, overhead {wallMs - engineMs:0.0} ms)   goal <= {Goal}: {Verdict.Of(ratio <= Goal)}");
        Console.WriteLine($"  median ratio, poll error removed (lower bound): {ratioLow:0.0000}");
        Console.WriteLine($"  server view, created_at -> completed_at / engine: median {serverRatio:0.0000}");
        Console.WriteLine($"  poll error: GET /api/queue/job every {PollIntervalMs} ms (send to send), GET round trip p50 {rtt.Median:0.00} ms / max {rtt.Max:0.00} ms " +
                          $"({rtt.Count} polls). Completion happened after the last 'running' poll was sent and before the 'completed' answer arrived, " +
                          "so the wall time overstates the true time by at most 'poll bound' (interval + one round trip); 'ratio >=' subtracts it.");
        Console.WriteLine("  'dispatch' = created_at -> started_at (queue to worker); 'post-gen' = started_at -> completed_at minus engine time " +
                          "(RPC, pixels over the pipe, PNG encode, SQLite write).");

        return
        [
            new SummaryLine("(a) e2e / engine",
                $"median {ratio:0.0000} (>= {ratioLow:0.0000} without poll error; server-side {serverRatio:0.0000}); overhead {wallMs - engineMs:0} ms on {engineMs:0} ms  [{Verdict.Of(ratio <= Goal)}]",
                $"<= {Goal}"),
        ];
    }

    private static async Task<Row> MeasureOneAsync(SupervisorProcess supervisor, HttpClient client, long seed, CancellationToken cancellationToken)
    {
        var logIndex = supervisor.LogCount;
        var submitted = Stopwatch.GetTimestamp();
        var id = await supervisor.SubmitText2ImgAsync(Size, Size, Steps, seed, cancellationToken, client);

        var previousSend = submitted;
        var rtts = new List<double>();
        JobView job;
        long received;
        while (true)
        {
            var send = Stopwatch.GetTimestamp();
            using (var response = await client.GetAsync($"api/queue/job/{id}", cancellationToken))
            {
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                received = Stopwatch.GetTimestamp();
                job = SupervisorProcess.ParseJob(body);
            }
            rtts.Add(Stopwatch.GetElapsedTime(send, received).TotalMilliseconds);
            if (job.Status == "completed")
                break;
            if (job.IsTerminal)
                throw supervisor.Failure($"ended job {id} as {job.Status}: {job.Error}");
            if (Stopwatch.GetElapsedTime(submitted).TotalSeconds > 60)
                throw supervisor.Failure($"did not complete job {id} within 60 s");
            previousSend = send;
            var wait = PollIntervalMs - Stopwatch.GetElapsedTime(send).TotalMilliseconds;
            if (wait >= 0.5)
                await Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken);
        }

        // The log line is written just after the job turns completed; give it a moment to arrive through stdout.
        var pattern = new Regex($@"Job {Regex.Escape(id)} completed: \d+ image\(s\), engine time (?<s>[0-9.]+) s");
        var match = await supervisor.WaitForLogAsync(pattern, logIndex, TimeSpan.FromSeconds(10), cancellationToken);
        var engineMs = double.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) * 1000;

        var wallMs = Stopwatch.GetElapsedTime(submitted, received).TotalMilliseconds;
        var serverMs = (job.CompletedAt!.Value - job.CreatedAt).TotalMilliseconds;
        var dispatchMs = ((job.StartedAt ?? job.CreatedAt) - job.CreatedAt).TotalMilliseconds;
        var runMs = (job.CompletedAt.Value - (job.StartedAt ?? job.CreatedAt)).TotalMilliseconds;
        return new Row(wallMs, engineMs, Stopwatch.GetElapsedTime(previousSend, received).TotalMilliseconds, serverMs, dispatchMs, runMs - engineMs, rtts);
    }

    private sealed record Row(double WallMs, double EngineMs, double PollBoundMs, double ServerMs, double DispatchMs, double PostGenerationMs, List<double> PollRttMs)
    {
        public double Ratio => WallMs / EngineMs;
        public double RatioLowerBound => (WallMs - PollBoundMs) / EngineMs;
        public double ServerRatio => ServerMs / EngineMs;
    }
}
