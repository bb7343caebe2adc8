using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Supervisor;

public sealed class CircuitBreakerTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("Engine", "bogus", "bogus")]
    [InlineData("WorkerExecutable", "/nonexistent/sds-worker", "nonexistent")]
    public async Task Slot_whose_worker_cannot_start_goes_faulted_with_a_readable_reason_while_the_other_slot_keeps_serving(
        string setting, string value, string reasonMentions)
    {
        var options = new SupervisorOptions { Workers = 2, StepMs = 10, ReadyWorkers = 1 }
            .WithEnv($"SDS__Slots__w1__{setting}", value)
            .WithResilience("BreakerMinimumThroughput", 3)
            .WithResilience("RestartDelayMs", 50);
        await using var sup = await SupervisorProcess.StartAsync(output, options);

        var status = await sup.Api.WaitForStatusAsync(s => s.Worker("w1")?.State == "faulted", Timeouts.Job, "w1 to become faulted");
        var w1 = status.Worker("w1")!;
        sup.Expect(w1.Reason?.Contains(reasonMentions, StringComparison.OrdinalIgnoreCase) == true,
            $"w1.reason should contain the startup error text ('{reasonMentions}'), is '{w1.Reason}'\n{status}");
        sup.Expect(w1.LastFailureKind == "startup_failure", $"w1.last_failure.kind should be startup_failure\n{status}");
        sup.Expect(status.Worker("w0")?.IsUsable == true, $"w0 should stay usable\n{status}");

        var health = await sup.Api.GetAsync("/api/health");
        sup.Expect(health.Code == 200 && health.Json.Int("usable_workers") == 1, $"/api/health should answer 200 with usable_workers = 1\n{health}");

        var first = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 4, Seed = 1 });
        var second = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 4, Seed = 2 });
        foreach (var id in new[] { first, second })
        {
            var job = await sup.Api.WaitForTerminalAsync(id, Timeouts.Job);
            sup.Expect(job.Status == "completed", "jobs should complete on the healthy slot", job);
            sup.Expect(job.WorkerId == "w0", "only w0 can have served it", job);
        }

        var later = (await sup.Api.GetStatusAsync()).Worker("w1")!;
        sup.Expect(later.State is "faulted" or "restarting" or "starting",
            $"w1 should not have become usable with a broken {setting}; state is {later.State}");
    }

    [Fact]
    public async Task Restarting_a_faulted_slot_resets_its_breaker_and_starts_a_worker_now()
    {
        // w1's worker program is missing until the "operator" puts it in place; the break would last 10 minutes.
        var missing = Path.Combine(Path.GetTempPath(), $"sds-missing-worker-{Guid.NewGuid():N}");
        var options = new SupervisorOptions { Workers = 2, StepMs = 10, ReadyWorkers = 1 }
            .WithEnv("SDS__Slots__w1__WorkerExecutable", missing)
            .WithResilience("BreakerMinimumThroughput", 3)
            .WithResilience("BreakerBreakSeconds", 600)
            .WithResilience("RestartDelayMs", 50);
        await using var sup = await SupervisorProcess.StartAsync(output, options);
        try
        {
            await sup.Api.WaitForStatusAsync(s => s.Worker("w1")?.State == "faulted", Timeouts.Job, "w1 to become faulted");
            var realWorker = Path.Combine(Path.GetDirectoryName(SupervisorProcess.SupervisorDll)!, "worker", "sds-worker");
            File.CreateSymbolicLink(missing, realWorker);

            var restart = await sup.Api.PostAsync("/api/workers/w1/restart", new { });
            sup.Expect(restart.Code == 202, $"restart of a faulted slot should be accepted\n{restart}");
            var status = await sup.Api.WaitForStatusAsync(s => s.Worker("w1")?.State == "idle", Timeouts.Job, "w1 idle right after the reset");
            sup.Expect(status.Worker("w1")!.Reason is null, $"a reset slot should not keep the breaker's reason\n{status}");

            var id = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2 });
            await sup.Api.WaitForCompletedAsync(id, Timeouts.Job);
        }
        finally
        {
            File.Delete(missing);
        }
    }
}
