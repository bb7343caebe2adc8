using SdSupervised.Supervisor.Events;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Observability;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Observability;

public sealed class MeteredJobEventsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly RecordedMeasurements _recorded = new();
    private readonly CountingEvents _inner = new();
    private readonly MeteredJobEvents _events;

    public MeteredJobEventsTests() => _events = new MeteredJobEvents(_inner, _recorded.Metrics);

    [Fact]
    public void A_completed_job_records_its_own_timings_images_and_status_and_reaches_the_inner_sink()
    {
        var job = NewJob() with
        {
            Status = JobStatus.Completed, Attempts = 1, WorkerId = "gpu0", CompletedAt = T0.AddSeconds(10),
            Outputs = [new JobOutput("00.png", 1, 512, 512), new JobOutput("01.png", 2, 512, 512)],
            Timings = [Attempt(1, T0.AddSeconds(1), T0.AddSeconds(10), queued: 1, engine: 4, encode: 0.5)],
        };
        _events.Queued(NewJob(), 1);
        _events.Finished(job);

        Assert.Equal([1], _recorded.Of("sds_jobs_submitted", ("type", "text2img")));
        Assert.Equal([1], _recorded.Of("sds_jobs_finished", ("type", "text2img"), ("status", "completed"), ("failure_kind", "none")));
        Assert.Equal([1.0], _recorded.Of("sds_job_queue_wait_seconds", ("model", "sd15")));
        Assert.Equal([4.0], _recorded.Of("sds_job_engine_seconds", ("model", "sd15")));
        Assert.Equal([10.0], _recorded.Of("sds_job_total_seconds", ("model", "sd15")));
        Assert.Equal([2], _recorded.Of("sds_images_generated"));
        Assert.Equal([2 * 512 * 512], _recorded.Of("sds_pixels_generated"));
        Assert.Equal(20 * 2 / 4.0, _events.StepsPerSecond["gpu0"]);
        Assert.Equal(2, _inner.Calls);
    }

    [Fact]
    public void A_job_requeued_then_cancelled_in_the_queue_records_its_attempt_once()
    {
        var requeued = NewJob() with
        {
            Attempts = 1,
            Failures = [new JobFailure(FailureKind.Killed, "SIGKILL", "gpu0", T0.AddSeconds(3))],
            Timings = [Attempt(1, T0.AddSeconds(1), T0.AddSeconds(3), queued: 1, engine: 0, encode: 0)],
        };
        _events.Requeued(requeued);
        _events.Finished(requeued with { Status = JobStatus.Cancelled, CompletedAt = T0.AddSeconds(5) });

        Assert.Equal([1.0], _recorded.Of("sds_job_queue_wait_seconds"));
        Assert.Equal([1], _recorded.Of("sds_jobs_requeued", ("failure_kind", "killed")));
        Assert.Equal([1], _recorded.Of("sds_jobs_finished", ("status", "cancelled")));
        Assert.Empty(_recorded.Of("sds_job_engine_seconds"));
    }

    [Fact]
    public void A_failed_job_is_counted_with_its_failure_kind()
    {
        _events.Finished(NewJob() with { Status = JobStatus.Failed, CompletedAt = T0.AddSeconds(1), Error = new JobError(FailureKind.CudaOutOfMemory, "out of GPU memory") });

        Assert.Equal([1], _recorded.Of("sds_jobs_finished", ("status", "failed"), ("failure_kind", "cuda_out_of_memory")));
    }

    private static Job NewJob() => new() { Id = "j1", Request = new GenerationParameters { Steps = 20, BatchCount = 2, Model = "whatever-a-client-sent" }, CreatedAt = T0 };

    private static AttemptTimings Attempt(int n, DateTimeOffset started, DateTimeOffset finished, double queued, double engine, double encode) =>
        new(n, "gpu0", "sd15", started, finished, queued, 0, engine, encode, queued + (finished - started).TotalSeconds);

    public void Dispose() => _recorded.Dispose();

    private sealed class CountingEvents : IJobEvents
    {
        public int Calls { get; private set; }
        public void Queued(Job job, int? position) => Calls++;
        public void Started(Job job) => Calls++;
        public void Progress(Job job, JobProgress progress) => Calls++;
        public void Requeued(Job job) => Calls++;
        public void Finished(Job job) => Calls++;
    }
}
