using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Supervisor;

public sealed class PoisonJobTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Job_that_segfaults_on_every_attempt_fails_after_max_attempts_and_the_job_behind_it_completes()
    {
        var options = new SupervisorOptions { Workers = 1, StepMs = 10 }
            .WithResilience("MaxAttempts", 3)
            .WithResilience("RestartDelayMs", 50);
        await using var sup = await SupervisorProcess.StartAsync(output, options);

        var poison = await sup.Api.SubmitAsync(new Text2ImgRequest { Prompt = "poison", Steps = 5, Fault = "segv" });
        var behind = await sup.Api.SubmitAsync(new Text2ImgRequest { Prompt = "innocent bystander", Steps = 5, Seed = 3 });

        var job = await sup.Api.WaitForTerminalAsync(poison, Timeouts.Job);
        sup.Expect(job.Status == "failed", "the poison job should fail", job);
        sup.Expect(job.Attempts == 3, $"expected exactly MaxAttempts = 3 attempts, got {job.Attempts}", job);
        sup.Expect(job.ErrorKind == "segfault", "error.kind should be the failure kind, segfault", job);
        sup.Expect(!string.IsNullOrWhiteSpace(job.ErrorMessage), "error.message should say something", job);
        sup.Expect(job.Failures.Count == 3 && job.Failures.All(f => f.Kind == "segfault"), "three failures, all segfault", job);

        var next = await sup.Api.WaitForTerminalAsync(behind, Timeouts.Job);
        sup.Expect(next.Status == "completed", "the job queued behind the poison should complete", next);
        sup.Expect(next.Failures.Count == 0, "the innocent job should not carry the poison's failures", next);

        var status = await sup.Api.WaitForStatusAsync(s => s.Worker("w0")?.State == "idle", Timeouts.Soon, "w0 idle after the poison");
        sup.Expect(status.Worker("w0")!.Restarts >= 3, $"w0 should have restarted once per crash\n{status}");
    }
}
