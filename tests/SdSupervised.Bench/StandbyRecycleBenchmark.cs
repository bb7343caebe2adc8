using System.Diagnostics;

namespace SdSupervised.Bench;

/// <summary>
/// Figure (f): how long a slot is out of service, as multiples of the (simulated) model load time.
/// Crash: kill -9 of the worker that holds the model, with a one-step job submitted at once; "serving" is that job
/// completed. Without a standby that is a cold start (new process, handshake, model load); with one it is the model
/// load on the standby's process. Recycle (<c>Recycle:AfterJobs=1</c>, two one-step jobs queued together): the pause
/// is the second job's start minus the first one's completion (server timestamps), which holds the graceful stop,
/// the next worker and the reload of the model.
/// </summary>
public sealed class StandbyRecycleBenchmark : IBenchmark
{
    private const int LoadMs = 1000;
    private const string Slot = "w0";

    public char Figure => 'f';
    public string Title => $"(f) crash -> serving with and without a warm standby, recycle -> serving (1 worker, model load {LoadMs} ms)";

    public async Task<IReadOnlyList<SummaryLine>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var rounds = context.Quick ? 2 : 4;
        var cold = await CrashRoundsAsync(standby: false, rounds, cancellationToken);
        var warm = await CrashRoundsAsync(standby: true, rounds, cancellationToken);
        var recycle = await RecycleRoundsAsync(standby: false, rounds, cancellationToken);
        var recycleStandby = await RecycleRoundsAsync(standby: true, rounds, cancellationToken);

        string X(Percentiles p) => $"{p.Median:0} ms = {p.Median / LoadMs:0.00} x load";
        Console.WriteLine($"  crash -> serving: no standby {X(cold)} (a cold start); standby {X(warm)}; standby / cold = {warm.Median / cold.Median:0.00}");
        Console.WriteLine($"  recycle -> serving (pause between jobs): no standby {X(recycle)}; standby {X(recycleStandby)}");
        Console.WriteLine("  the recycle reloads the model on the next worker before its first job; a preload in the standby (pause 0) is not built yet.");
        return
        [
            new SummaryLine("(f) crash -> serving",
                $"standby {warm.Median / LoadMs:0.00} x load, cold start {cold.Median / LoadMs:0.00} x load (standby / cold {warm.Median / cold.Median:0.00})",
                "with standby < 1.0 x a cold start"),
            new SummaryLine("(f) recycle -> serving",
                $"pause {recycle.Median:0} ms ({recycle.Median / LoadMs:0.00} x load), with standby {recycleStandby.Median:0} ms ({recycleStandby.Median / LoadMs:0.00} x load)",
                "0 ms with preload (not built)"),
        ];
    }

    private static SupervisorLaunch Launch(string label, bool standby, bool recycle)
    {
        var env = new Dictionary<string, string>
        {
            ["SDS__SyntheticLoadMs"] = LoadMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SDS__Resilience__BreakerMinimumThroughput"] = "1000",
            ["SDS__Standby__Enabled"] = standby ? "true" : "false",
        };
        if (recycle)
            env["SDS__Recycle__AfterJobs"] = "1";
        return new SupervisorLaunch(label, Workers: 1, StepMs: 10) { Environment = env };
    }

    private static async Task<Percentiles> CrashRoundsAsync(bool standby, int rounds, CancellationToken cancellationToken)
    {
        await using var supervisor = await SupervisorProcess.StartAsync(Launch(standby ? "standby" : "cold", standby, recycle: false), cancellationToken);
        var samples = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            // The worker holds the model (the job loaded it) and, with standby, the standby is up.
            var warmUp = await supervisor.SubmitText2ImgAsync(64, 64, steps: 1, seed: round, cancellationToken);
            await supervisor.WaitForCompletionAsync(warmUp, TimeSpan.FromSeconds(60), cancellationToken);
            var before = await supervisor.WaitForWorkerAsync(Slot, w => w.State == "idle" && (!standby || w.Standby == "ready"), "idle with its standby",
                TimeSpan.FromSeconds(30), cancellationToken);

            var clock = Stopwatch.StartNew();
            if (!SupervisorProcess.KillWorker(before.Pid!.Value))
                throw supervisor.Failure($"reported pid {before.Pid} for {Slot}, which is not a live sds-worker process");
            var job = await supervisor.SubmitText2ImgAsync(64, 64, steps: 1, seed: 100 + round, cancellationToken);
            await supervisor.WaitForCompletionAsync(job, TimeSpan.FromSeconds(60), cancellationToken);
            samples.Add(clock.Elapsed.TotalMilliseconds);
            Console.WriteLine($"  {(standby ? "standby" : "cold"),-8} round {round}: kill -9 -> next job completed in {clock.Elapsed.TotalMilliseconds:0} ms");
        }
        return new Percentiles(samples);
    }

    private static async Task<Percentiles> RecycleRoundsAsync(bool standby, int rounds, CancellationToken cancellationToken)
    {
        await using var supervisor = await SupervisorProcess.StartAsync(Launch(standby ? "recycle-standby" : "recycle", standby, recycle: true), cancellationToken);
        var samples = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            await supervisor.WaitForWorkerAsync(Slot, w => w.State == "idle" && (!standby || w.Standby == "ready"), "idle", TimeSpan.FromSeconds(30), cancellationToken);
            var first = await supervisor.SubmitText2ImgAsync(64, 64, steps: 1, seed: round, cancellationToken);
            var second = await supervisor.SubmitText2ImgAsync(64, 64, steps: 1, seed: 100 + round, cancellationToken);
            var a = await supervisor.WaitForCompletionAsync(first, TimeSpan.FromSeconds(60), cancellationToken);
            var b = await supervisor.WaitForCompletionAsync(second, TimeSpan.FromSeconds(60), cancellationToken);
            var pause = (b.StartedAt!.Value - a.CompletedAt!.Value).TotalMilliseconds;
            samples.Add(pause);
            Console.WriteLine($"  {(standby ? "recycle+standby" : "recycle"),-15} round {round}: job completed -> next job started {pause:0} ms later");
        }
        return new Percentiles(samples);
    }
}
