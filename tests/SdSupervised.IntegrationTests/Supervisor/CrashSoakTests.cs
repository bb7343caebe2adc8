using System.Collections.Concurrent;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Supervisor;

/// <summary>
/// The core promise under a crash storm, bounded to a couple of minutes: several workers, hundreds of jobs, a kill -9
/// of a random busy worker every couple of seconds, pollers on the queue. Every job completes exactly once, every
/// output decodes, no slot ends faulted, the API never answers anything but 200.
/// </summary>
public sealed class CrashSoakTests(ITestOutputHelper output)
{
    private const int Workers = 3;
    private const int Jobs = 300;
    private static readonly TimeSpan KillEvery = TimeSpan.FromMilliseconds(1500);
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Hundreds_of_jobs_complete_exactly_once_through_a_kill_9_of_a_busy_worker_every_few_seconds()
    {
        var options = new SupervisorOptions { Workers = Workers, StepMs = 20 }
            .WithResilience("MaxAttempts", 10)
            .WithResilience("RestartDelayMs", 20)
            .WithEnv("SDS__Limits__MaxQueueLength", 10_000);
        await using var sup = await SupervisorProcess.StartAsync(output, options);
        await using var queuePoller = new ContinuousPoller(sup.BaseAddress, "/api/queue/status");
        await using var statusPoller = new ContinuousPoller(sup.BaseAddress, "/api/status");

        using var stop = new CancellationTokenSource(Bound);
        var kills = new ConcurrentBag<(int Pid, string Worker)>();
        var killer = Task.Run(async () =>
        {
            var random = new Random(1234);
            while (!stop.IsCancellationRequested)
            {
                try { await Task.Delay(KillEvery, stop.Token); } catch (OperationCanceledException) { return; }
                var busy = (await sup.Api.GetStatusAsync()).Workers.Where(w => w is { State: "busy", Pid: > 0 }).ToList();
                if (busy.Count == 0) continue;
                var victim = busy[random.Next(busy.Count)];
                if (Posix.Kill(victim.Pid!.Value, Posix.SIGKILL))
                    kills.Add((victim.Pid.Value, victim.Id!));
            }
        });

        // Submitted while the killing goes on, so crashes land on jobs of every age.
        var ids = new List<string>(Jobs);
        for (var i = 0; i < Jobs; i++)
            ids.Add(await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 5 + i % 5, Seed = i, Prompt = $"soak {i}" }));

        var finished = new List<JobSnapshot>(Jobs);
        foreach (var id in ids)
            finished.Add(await sup.Api.WaitForTerminalAsync(id, Bound));
        await stop.CancelAsync();
        await killer;
        await queuePoller.StopAsync();
        await statusPoller.StopAsync();

        output.WriteLine($"{kills.Count} kills; {finished.Sum(j => j.Attempts ?? 0) - Jobs} extra attempts; queue poller {queuePoller.Ok} ok, worst {queuePoller.WorstMs:F0} ms");
        sup.Expect(kills.Count >= 5, $"the soak should have killed workers repeatedly, killed {kills.Count}");
        foreach (var job in finished)
        {
            sup.Expect(job.Status == "completed", "every job completes", job);
            sup.Expect(job.Outputs.Count == 1, "exactly one output per job: completed once", job);
        }
        // Every output decodes, and no job's folder holds more than its one image (no duplicate or partial write).
        foreach (var job in finished.Where((_, i) => i % 10 == 0))
        {
            var png = await sup.Api.DownloadAsync(job.Outputs[0].Url!);
            sup.Expect(png.Code == 200 && PngText.IsPng(png.Body), $"output of {job.Id} is a PNG", job);
        }
        foreach (var job in finished)
        {
            var files = Directory.GetFiles(Path.Combine(sup.DataDir, "outputs", job.Id!));
            sup.Expect(files.Length == 1, $"job {job.Id} folder holds {files.Length} files: {string.Join(", ", files.Select(Path.GetFileName))}", job);
        }
        var status = await sup.Api.GetStatusAsync();
        sup.Expect(status.Workers.All(w => w.State != "faulted" && w.Breaker != "open"), $"no slot ends faulted\n{status}");
        sup.Expect(queuePoller.Bad.Count == 0 && statusPoller.Bad.Count == 0,
            $"every poll answered 200 ({queuePoller.Bad.Count + statusPoller.Bad.Count} did not):\n  {string.Join("\n  ", queuePoller.Bad.Concat(statusPoller.Bad).Take(20))}");
        sup.Expect(queuePoller.Ok > 100, $"the queue poller ran throughout ({queuePoller.Ok} answers)");
    }
}
