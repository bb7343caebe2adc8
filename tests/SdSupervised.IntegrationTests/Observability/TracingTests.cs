using System.Net;
using System.Text;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Observability;

/// <summary>
/// Tracing between real processes: the supervisor and its worker export over OTLP/HTTP to a collector in the test, and
/// the worker's spans carry the trace id of the request that submitted the job, so the context crossed the pipe.
/// </summary>
public sealed class TracingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_jobs_trace_reaches_the_collector_from_the_supervisor_and_from_its_worker_under_the_callers_trace_id()
    {
        await using var collector = OtlpReceiver.Start();
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 10 }
            .WithEnv("SDS__Tracing__OtlpEndpoint", collector.TracesUrl)
            .WithEnv("SDS__Tracing__OtlpProtocol", "http"));
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        var submit = await sup.Api.SendAsync(HttpMethod.Post, "/api/generate/text2img", """{"prompt":"trace","steps":3,"width":64,"height":64}""",
            headers: ("traceparent", $"00-{traceId}-00f067aa0ba902b7-01"));
        sup.Expect(submit.Status == HttpStatusCode.Accepted, $"the submit should be accepted:\n{submit}");
        var jobId = submit.Json.Str("job_id")!;
        await sup.Api.WaitForCompletedAsync(jobId, Timeouts.Job);

        var id = Convert.FromHexString(traceId);
        var fromSupervisor = await collector.WaitForServiceAsync("sd-supervised",
            b => Has(b, "encode_outputs") && Has(b, jobId) && Contains(b, id), Timeouts.Soon, "the supervisor's job spans under the caller's trace id");
        var fromWorker = await collector.WaitForServiceAsync("sds-worker",
            b => Has(b, "engine_generate") && Contains(b, id), Timeouts.Soon, "the worker's engine_generate span under the caller's trace id");
        sup.Expect(!Has(fromWorker, "sd-supervised"), "the worker exports its own spans, as service sds-worker");
        sup.Expect(Has(fromSupervisor, "model_load") && Has(fromSupervisor, "attempt"), "the supervisor exports the attempt and its stages");
    }

    private static bool Has(byte[] body, string text) => Contains(body, Encoding.UTF8.GetBytes(text));

    private static bool Contains(byte[] body, byte[] part) => body.AsSpan().IndexOf(part) >= 0;
}
