using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Supervisor;

/// <summary>
/// The breaker protects against a slot that cannot run, not against jobs that crash: poison jobs count toward their
/// own limit, and a half-open probe ends once the new worker serves a job.
/// </summary>
public sealed class BreakerTests(ITestOutputHelper output)
{
    private static readonly string RealWorker = Path.Combine(Path.GetDirectoryName(SupervisorProcess.SupervisorDll)!, "worker", "sds-worker");

    [Fact]
    public async Task Two_poison_jobs_do_not_fault_a_healthy_slot_and_the_jobs_behind_them_complete()
    {
        var options = new SupervisorOptions { Workers = 1, StepMs = 5 }
            .WithResilience("MaxAttempts", 3)
            .WithResilience("RestartDelayMs", 20)
            .WithResilience("BreakerMinimumThroughput", 3);
        await using var sup = await SupervisorProcess.StartAsync(output, options);
        await using var poller = new ContinuousPoller(sup.BaseAddress, "/api/status");

        var poison = new[]
        {
            await sup.Api.SubmitAsync(new Text2ImgRequest { Prompt = "poison one", Steps = 3, Fault = "segv" }),
            await sup.Api.SubmitAsync(new Text2ImgRequest { Prompt = "poison two", Steps = 3, Fault = "abort" }),
        };
        var normal = new List<string>();
        for (var i = 0; i < 5; i++)
            normal.Add(await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2, Seed = i }));

        foreach (var id in poison)
        {
            var job = await sup.Api.WaitForTerminalAsync(id, Timeouts.Job);
            sup.Expect(job.Status == "failed" && job.Attempts == 3, "each poison job fails after its own 3 attempts", job);
        }
        foreach (var id in normal)
        {
            var job = await sup.Api.WaitForCompletedAsync(id, Timeouts.Job);
            sup.Expect(job.Failures.Count == 0, "normal jobs run once", job);
        }
        await poller.StopAsync();

        var status = await sup.Api.GetStatusAsync();
        var w0 = status.Worker("w0")!;
        sup.Expect(w0.State == "idle" && w0.Breaker == "closed", $"six poison crashes must not fault the slot\n{status}");
        sup.Expect(!sup.Log.Contains("is faulted"), "the slot never went faulted");
    }

    [Fact]
    public async Task Half_open_probe_closes_once_the_new_worker_serves_a_job_and_a_later_crash_does_not_fault_the_slot()
    {
        // A worker program that fails to start three times (a missing device, say), then works.
        var dir = Directory.CreateTempSubdirectory("sds-flaky-worker-").FullName;
        var counter = Path.Combine(dir, "launches");
        var script = Path.Combine(dir, "sds-worker");
        File.WriteAllText(script, $"""
            #!/bin/sh
            n=$(cat '{counter}' 2>/dev/null || echo 0)
            echo $((n + 1)) > '{counter}'
            if [ "$n" -lt 3 ]; then echo "SDS-STARTUP-ERROR: no device yet (launch $n)" >&2; exit 2; fi
            exec '{RealWorker}' "$@"
            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var options = new SupervisorOptions { Workers = 1, StepMs = 5, ReadyWorkers = 0 }
            .WithEnv("SDS__WorkerExecutable", script)
            .WithResilience("RestartDelayMs", 20)
            .WithResilience("BreakerMinimumThroughput", 3)
            .WithResilience("BreakerBreakSeconds", 2)
            .WithResilience("HealthyAfterSeconds", 3600);
        try
        {
            await using var sup = await SupervisorProcess.StartAsync(output, options);
            await sup.Api.WaitForStatusAsync(s => s.Worker("w0")?.State == "faulted", Timeouts.Soon, "w0 faulted after three failed starts");

            // After the break the probe worker starts; it is not proven until it serves a job.
            var probing = await sup.Api.WaitForStatusAsync(s => s.Worker("w0")?.State == "idle", Timeouts.Soon, "the probe worker idle");
            sup.Expect(probing.Worker("w0")!.Breaker == "half_open", $"an idle probe keeps the breaker half-open\n{probing}");

            var first = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2 });
            await sup.Api.WaitForCompletedAsync(first, Timeouts.Job);
            var closed = await sup.Api.WaitForStatusAsync(s => s.Worker("w0")?.Breaker == "closed", Timeouts.Soon, "the breaker closed after one served job");

            // The probe's worker crashes later: one crash of a working slot is a restart, not a fault.
            var victim = closed.Worker("w0")!.Pid!.Value;
            Assert.True(Posix.Kill(victim, Posix.SIGKILL));
            var back = await sup.Api.WaitForStatusAsync(s => s.Worker("w0") is { State: "idle" } w && w.Pid != victim, Timeouts.Soon, "w0 restarted");
            sup.Expect(back.Worker("w0")!.Breaker == "closed", $"a later crash must not fault the slot again\n{back}");
            var after = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2 });
            await sup.Api.WaitForCompletedAsync(after, Timeouts.Job);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
