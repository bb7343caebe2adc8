using System.Diagnostics;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Supervisor;

public sealed class SupervisorCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Supervisor_kill_9_leaves_no_worker_behind_and_a_restart_on_the_same_data_dir_completes_every_job()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 30 });

        var jobs = new List<string>();
        for (var i = 0; i < 3; i++)
            jobs.Add(await sup.Api.SubmitAsync(new Text2ImgRequest { Prompt = $"job {i}", Steps = 40, Seed = 100 + i }));
        await sup.Api.WaitForRunningAsync(jobs[0], minStep: 2, Timeouts.Soon);

        var status = await sup.Api.GetStatusAsync();
        var workerPids = status.Workers.Where(w => w.Pid is > 0).Select(w => w.Pid!.Value)
            .Union(sup.ChildPids().Where(p => Posix.CommandLine(p)?.Contains("sds-worker") == true))
            .ToArray();
        sup.Expect(workerPids.Length >= 1, $"no worker pid visible before the kill\n{status}");

        await sup.KillAsync();

        var clock = Stopwatch.StartNew();
        while (workerPids.Any(Posix.IsAlive) && clock.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(50);
        var survivors = workerPids.Where(Posix.IsAlive).Select(p => $"{p} ({Posix.CommandLine(p)}, state {Posix.ReadState(p)})").ToArray();
        sup.Expect(survivors.Length == 0, $"worker processes outlived the killed supervisor by 10 s: {string.Join(", ", survivors)}");
        output.WriteLine($"workers gone {clock.ElapsedMilliseconds} ms after the supervisor's SIGKILL");

        await sup.RestartAsync();
        foreach (var id in jobs)
        {
            var job = await sup.Api.WaitForTerminalAsync(id, Timeouts.Job);
            sup.Expect(job.Status == "completed", "every job from before the crash should complete after the restart", job);
        }
    }
}
