using System.Diagnostics;

namespace SdSupervised.Bench;

/// <summary>
/// Figure (g): a mixed queue on two simulated devices of different sizes (w0 1 GiB, w1 4 GiB), with and without
/// memory-aware placement. Half the jobs are 768x768 (about 1.4 GiB of working memory: only w1 holds them), half
/// 256x256. Without placement a large job that lands on w0 runs the simulated device out of memory, which crashes
/// the worker; it is retried (on w1 if it is idle, else perhaps on w0 again, and then it fails).
/// </summary>
public sealed class PlacementThroughputBenchmark : IBenchmark
{
    private const long MiB = 1024 * 1024;

    public char Figure => 'g';
    public string Title => "(g) mixed queue on 2 simulated devices (1 GiB, 4 GiB): throughput with and without placement";

    public async Task<IReadOnlyList<SummaryLine>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var jobs = context.Quick ? 8 : 24;
        var with = await RunAsync(placement: true, jobs, cancellationToken);
        var without = await RunAsync(placement: false, jobs, cancellationToken);
        Console.WriteLine($"  with placement {with.PerMinute:0.0} completed jobs/min; without {without.PerMinute:0.0} ({without.Failed} failed, {without.Restarts} worker restarts)");
        return
        [
            new SummaryLine("(g) mixed queue, 2 devices",
                $"with placement {with.PerMinute:0.0} jobs/min ({with.Failed} failed, {with.Restarts} restarts); without {without.PerMinute:0.0} jobs/min ({without.Failed} failed, {without.Restarts} restarts)",
                "no goal set (report)"),
        ];
    }

    private static async Task<Result> RunAsync(bool placement, int count, CancellationToken cancellationToken)
    {
        var launch = new SupervisorLaunch(placement ? "placed" : "unplaced", Workers: 2, StepMs: 10)
        {
            Environment = new Dictionary<string, string>
            {
                ["SDS__Slots__w0__SimulatedDeviceMemoryBytes"] = (1024 * MiB).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["SDS__Slots__w1__SimulatedDeviceMemoryBytes"] = (4096 * MiB).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["SDS__Placement__Enabled"] = placement ? "true" : "false",
                ["SDS__Resilience__BreakerMinimumThroughput"] = "1000",
            },
        };
        await using var supervisor = await SupervisorProcess.StartAsync(launch, cancellationToken);
        var clock = Stopwatch.StartNew();
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var size = i % 2 == 0 ? 768 : 256;
            ids.Add(await supervisor.SubmitText2ImgAsync(size, size, steps: 20, seed: i, cancellationToken));
        }
        var completed = 0;
        var failed = 0;
        foreach (var id in ids)
        {
            JobView job;
            while (!(job = await supervisor.GetJobAsync(id, cancellationToken)).IsTerminal)
                await Task.Delay(20, cancellationToken);
            if (job.Status == "completed")
                completed++;
            else
                failed++;
        }
        var elapsed = clock.Elapsed;
        var restarts = (await supervisor.GetWorkersAsync(cancellationToken)).Sum(w => w.Restarts);
        var perMinute = completed / elapsed.TotalMinutes;
        Console.WriteLine($"  {(placement ? "with placement" : "without"),-15} {count} jobs in {elapsed.TotalSeconds:0.0} s: {completed} completed, {failed} failed, {restarts} worker restarts");
        return new Result(perMinute, failed, restarts);
    }

    private sealed record Result(double PerMinute, int Failed, int Restarts);
}
