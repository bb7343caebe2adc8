using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Supervisor;

public sealed class FaultInjectionTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> CrashFaults => new()
    {
        { "segv", "segfault" },
        { "abort", "native_abort" },
        { "cuda-oom", "cuda_out_of_memory" },
        { "cuda-error", "cuda_error" },
        { "exit", "unexpected_exit" },
        { "hang", "hang" },
    };

    [Theory]
    [MemberData(nameof(CrashFaults))]
    public async Task Injected_crash_on_first_attempt_is_recorded_with_its_kind_and_the_job_completes_on_attempt_2(string fault, string expectedKind)
    {
        var options = new SupervisorOptions { Workers = 1, StepMs = 10 }.WithResilience("RestartDelayMs", 50);
        if (fault == "hang") options = options.WithResilience("StallTimeoutSeconds", 2);
        await using var sup = await SupervisorProcess.StartAsync(output, options);
        var before = (await sup.Api.GetStatusAsync()).Worker("w0")!;

        var jobId = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 6, Seed = 5, Fault = fault, FaultAttempts = 1, FaultStep = 2 });
        var job = await sup.Api.WaitForTerminalAsync(jobId, Timeouts.Job);

        sup.Expect(job.Status == "completed", $"after one injected '{fault}' the job should complete on attempt 2", job);
        sup.Expect(job.Attempts == 2, $"expected attempts == 2, got {job.Attempts}", job);
        sup.Expect(job.Failures.Count == 1, $"expected exactly one recorded failure, got {job.Failures.Count}", job);
        sup.Expect(job.Failures[0].Kind == expectedKind, $"fault '{fault}' should be recorded as '{expectedKind}', got '{job.Failures[0].Kind}'", job);
        sup.Expect(job.Failures[0].WorkerId == "w0", "failures[0].worker_id should be w0", job);
        sup.Expect(!string.IsNullOrWhiteSpace(job.Failures[0].Message), "failures[0].message should say something", job);
        sup.Expect(job.Failures[0].At is not null, "failures[0].at should be set", job);
        sup.Expect(job.ErrorKind is null, "a completed job should have no error", job);

        var status = await sup.Api.WaitForStatusAsync(s => s.Worker("w0")?.State == "idle", Timeouts.Soon, "w0 idle again");
        var w0 = status.Worker("w0")!;
        sup.Expect(w0.Restarts > (before.Restarts ?? 0), $"w0.restarts should have gone up after '{fault}'\n{status}");
        sup.Expect(w0.LastFailureKind == expectedKind, $"w0.last_failure.kind should be '{expectedKind}'\n{status}");
    }

    [Fact]
    public async Task Injected_clean_failure_fails_the_job_at_once_with_generation_failed_and_keeps_the_worker()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 10 });
        var before = (await sup.Api.GetStatusAsync()).Worker("w0")!;

        var jobId = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 6, Fault = "fail" });
        var job = await sup.Api.WaitForTerminalAsync(jobId, Timeouts.Job);

        sup.Expect(job.Status == "failed", "fault 'fail' should fail the job", job);
        sup.Expect(job.Attempts == 1, $"a clean failure must not be retried; attempts = {job.Attempts}", job);
        sup.Expect(job.ErrorKind == "generation_failed", "error.kind should be generation_failed", job);
        sup.Expect(!string.IsNullOrWhiteSpace(job.ErrorMessage), "error.message should say something", job);
        sup.Expect(job.Failures.Count >= 1 && job.Failures[0].Kind == "generation_failed", "failures[0].kind should be generation_failed", job);

        var next = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 3 });
        await sup.Api.WaitForCompletedAsync(next, Timeouts.Job);
        var w0 = (await sup.Api.GetStatusAsync()).Worker("w0")!;
        sup.Expect(w0.Pid == before.Pid && w0.Restarts == before.Restarts,
            $"the worker should be kept after a clean failure: pid {before.Pid} -> {w0.Pid}, restarts {before.Restarts} -> {w0.Restarts}");
    }

    [Fact]
    public async Task Cuda_oom_on_every_attempt_is_retried_once_then_fails_naming_the_size()
    {
        var options = new SupervisorOptions { Workers = 1, StepMs = 10 }.WithResilience("RestartDelayMs", 50);
        await using var sup = await SupervisorProcess.StartAsync(output, options);

        var jobId = await sup.Api.SubmitAsync(new Text2ImgRequest { Width = 128, Height = 64, Steps = 4, Fault = "cuda-oom" });
        var job = await sup.Api.WaitForTerminalAsync(jobId, Timeouts.Job);

        sup.Expect(job.Status == "failed", "an OOM on every attempt should fail the job", job);
        sup.Expect(job.Attempts == 2, $"cuda_out_of_memory is retried exactly once; attempts = {job.Attempts}", job);
        sup.Expect(job.ErrorKind == "cuda_out_of_memory", "error.kind should be cuda_out_of_memory", job);
        sup.Expect(job.ErrorMessage?.Contains("128x64") == true, "error.message should name the size (128x64)", job);
        sup.Expect(job.Failures.All(f => f.Kind == "cuda_out_of_memory"), "every failure should be cuda_out_of_memory", job);
    }
}
