using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Observability;
using SdSupervised.Tests.Core;
using SdSupervised.Worker.Tracing;

namespace SdSupervised.Tests.Observability;

/// <summary>
/// A job's trace in process: the real runner and queue, and the worker's real <c>WorkerRpcService</c> behind the real
/// RPC stack (its spans can only join the trace through the context passed in the call), exported in memory.
/// </summary>
[Collection(TracingCollection.Name)]
public sealed class JobTracingTests
{
    [Fact]
    public async Task One_job_is_one_trace_with_the_supervisor_stages_and_the_workers_spans_below_them()
    {
        var exported = new List<Activity>();
        using var tracer = Listen(exported);
        await using var core = new CoreHarness();
        var slot = core.StartSlot();
        var active = await core.SubmitAsync(steps: 4);

        await (await core.DispatchAsync(slot));

        Assert.Equal(JobStatus.Completed, active.Job.Status);
        var spans = TraceOf(tracer, exported, active.Id);
        var job = Single(spans, "job");
        Assert.Equal(default, job.ParentSpanId);
        Assert.Equal("text2img", job.GetTagItem("sds.job.type"));
        Assert.Equal("completed", job.GetTagItem("sds.outcome"));
        Assert.Equal(ActivityStatusCode.Ok, job.Status);
        Assert.Equal(job.SpanId, Single(spans, "queue").ParentSpanId);
        var attempt = Single(spans, "attempt");
        Assert.Equal(job.SpanId, attempt.ParentSpanId);
        Assert.Equal(1, attempt.GetTagItem("sds.attempt"));
        Assert.Equal("w0", attempt.GetTagItem("sds.worker.id"));
        var load = Single(spans, "model_load");
        var generate = Single(spans, "generate");
        var encode = Single(spans, "encode_outputs");
        Assert.All([load, generate, encode], s => Assert.Equal(attempt.SpanId, s.ParentSpanId));
        Assert.Equal("core-model", load.GetTagItem("sds.model"));
        Assert.Equal(1, encode.GetTagItem("sds.images"));

        var engineLoad = Single(spans, "engine_load");
        var engineGenerate = Single(spans, "engine_generate");
        Assert.All([engineLoad, engineGenerate], s => Assert.Equal(WorkerTracing.SourceName, s.Source.Name));
        Assert.Equal(load.SpanId, engineLoad.ParentSpanId);
        Assert.Equal(generate.SpanId, engineGenerate.ParentSpanId);
        Assert.Equal(4, engineGenerate.GetTagItem("sds.steps"));
        Assert.Equal("ok", engineGenerate.GetTagItem("sds.outcome"));
        Assert.Equal("w0", engineGenerate.GetTagItem("sds.worker.id"));
        Assert.Equal(8, spans.Count);
    }

    [Fact]
    public async Task A_job_submitted_under_a_request_span_is_its_child_and_the_request_span_stays_current()
    {
        var exported = new List<Activity>();
        using var tracer = Listen(exported, "test.http");
        using var http = new ActivitySource("test.http");
        await using var core = new CoreHarness();

        var slot = core.StartSlot();
        var request = http.StartActivity("POST /api/txt2img")!;
        var active = await core.SubmitAsync();
        Assert.Same(request, Activity.Current);
        request.Stop();
        await (await core.DispatchAsync(slot));

        var job = Single(TraceOf(tracer, exported, active.Id), "job");
        Assert.Equal(request.TraceId, job.TraceId);
        Assert.Equal(request.SpanId, job.ParentSpanId);
    }

    [Fact]
    public async Task A_job_retried_after_a_worker_crash_shows_two_attempts_the_first_with_its_failure_kind()
    {
        var exported = new List<Activity>();
        using var tracer = Listen(exported);
        await using var core = new CoreHarness(() => CoreHarness.Synthetic(stepMs: 30));
        var slot = core.StartSlot();
        var active = await core.SubmitAsync(steps: 20);

        var first = await core.DispatchAsync(slot);
        await core.EventuallyAsync(() => active.Progress, p => p is { Phase: ProgressPhase.Sampling, Step: >= 2 }, "two steps sampled");
        core.Launcher.Last.Crash(signal: 11);
        await first;
        await (await core.DispatchAsync(slot));

        Assert.Equal(JobStatus.Completed, active.Job.Status);
        var spans = TraceOf(tracer, exported, active.Id);
        var job = Single(spans, "job");
        var attempts = spans.Where(s => s.OperationName == "attempt").OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(job.SpanId, a.ParentSpanId));
        Assert.Equal([1, 2], attempts.Select(a => (int)a.GetTagItem("sds.attempt")!));
        Assert.Equal("requeued", attempts[0].GetTagItem("sds.outcome"));
        Assert.Equal("segfault", attempts[0].GetTagItem("sds.failure_kind"));
        Assert.Equal(ActivityStatusCode.Error, attempts[0].Status);
        Assert.Equal("completed", attempts[1].GetTagItem("sds.outcome"));
        Assert.Equal(2, spans.Count(s => s.OperationName == "queue"));
        // The second worker loads the model again; each load and generation sits under its own attempt.
        Assert.Equal(2, spans.Count(s => s.OperationName == "generate"));
        Assert.Equal(attempts[1].SpanId, spans.Single(s => s.OperationName == "encode_outputs").ParentSpanId);
        Assert.Equal("completed", job.GetTagItem("sds.outcome"));
    }

    [Fact]
    public async Task Tracing_is_off_by_default_so_nothing_listens_and_a_job_records_no_trace()
    {
        await using var core = new CoreHarness();
        var slot = core.StartSlot();
        var active = await core.SubmitAsync();
        await (await core.DispatchAsync(slot));

        Assert.Equal(JobStatus.Completed, active.Job.Status);
        Assert.Null(core.Service<IServiceProvider>().GetService<TracerProvider>());
        Assert.False(SdsTracing.Source.HasListeners());
        Assert.False(WorkerTracing.Source.HasListeners());
        Assert.Null(active.Trace);
    }

    [Fact]
    public async Task An_otlp_endpoint_registers_a_tracer_listening_to_the_supervisor_source()
    {
        await using var core = new CoreHarness(settings: new Dictionary<string, string?> { ["Sds:Tracing:OtlpEndpoint"] = "http://127.0.0.1:4317" });

        Assert.NotNull(core.Service<TracerProvider>());
        Assert.True(SdsTracing.Source.HasListeners());
    }

    private static TracerProvider Listen(List<Activity> exported, params string[] more) =>
        Sdk.CreateTracerProviderBuilder()
            .AddSource([SdsTracing.SourceName, WorkerTracing.SourceName, .. more])
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(exported)
            .Build()!;

    /// <summary>Every exported span of the trace whose <c>job</c> span is <paramref name="jobId"/>'s.</summary>
    private static List<Activity> TraceOf(TracerProvider tracer, List<Activity> exported, string jobId)
    {
        tracer.ForceFlush();
        var job = exported.Single(s => s.OperationName == "job" && (string?)s.GetTagItem("sds.job.id") == jobId);
        return exported.Where(s => s.TraceId == job.TraceId).ToList();
    }

    private static Activity Single(List<Activity> spans, string name) => Assert.Single(spans, s => s.OperationName == name);
}
