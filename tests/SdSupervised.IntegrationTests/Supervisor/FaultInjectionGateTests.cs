using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Supervisor;

public sealed class FaultInjectionGateTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Fault_fields_are_rejected_with_400_when_the_supervisor_runs_without_allow_fault_injection()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { AllowFaultInjection = false, StepMs = 10 });

        foreach (var request in new[]
        {
            new Text2ImgRequest { Fault = "segv" },
            new Text2ImgRequest { Fault = "hang", FaultAttempts = 1, FaultStep = 2 },
        })
        {
            var response = await sup.Api.SubmitRawAsync(request);
            ErrorBody.Assert4xx(response, sup.Context(), 400);
            ErrorBody.AssertNamesField(response, "fault", sup.Context());
        }

        var queue = await sup.Api.QueueStatusAsync();
        sup.Expect(queue.Json.Int("queued") == 0 && queue.Json.Int("running") == 0, $"rejected fault jobs must not be queued\n{queue}");

        // The same supervisor still takes ordinary jobs.
        var ok = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2 });
        await sup.Api.WaitForCompletedAsync(ok, Timeouts.Job);
    }
}
