using Microsoft.Extensions.Time.Testing;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Events;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Events;

public sealed class JournalJobEventsTests
{
    private readonly EventJournal _journal = EventTestData.Journal();
    private readonly JournalJobEvents _events;

    public JournalJobEventsTests() => _events = new JournalJobEvents(_journal, new FakeTimeProvider(EventTestData.T0));

    private ServerEvent Last(string jobId) => _journal.Subscribe(jobId, 0).Replay[^1];

    [Fact]
    public void Queued_carries_the_position()
    {
        _events.Queued(EventTestData.Job("j1"), 3);

        var item = Last("j1");
        var data = EventTestData.DataOf(item);
        Assert.Equal(ServerEventTypes.Queued, item.Type);
        Assert.Equal("j1", data["job_id"]!.GetValue<string>());
        Assert.Equal("queued", data["status"]!.GetValue<string>());
        Assert.Equal(3, data["position"]!.GetValue<int>());
        Assert.Equal("text2img", data["type"]!.GetValue<string>());
    }

    [Fact]
    public void Progress_carries_phase_step_steps_and_eta_in_snake_case()
    {
        var job = EventTestData.Job("j1", JobStatus.Running) with { WorkerId = "w0", Attempts = 1 };
        _events.Progress(job, new JobProgress(ProgressPhase.Sampling, 4, 20, 1.5));

        var data = EventTestData.DataOf(Last("j1"));
        var progress = data["progress"]!;
        Assert.Equal("sampling", progress["phase"]!.GetValue<string>());
        Assert.Equal(4, progress["step"]!.GetValue<int>());
        Assert.Equal(20, progress["steps"]!.GetValue<int>());
        Assert.Equal(1.5, progress["eta_seconds"]!.GetValue<double>());
        Assert.Equal("w0", data["worker_id"]!.GetValue<string>());
        Assert.Null(data["position"]);
    }

    public static TheoryData<JobStatus, string> FinalTypes => new()
    {
        { JobStatus.Completed, ServerEventTypes.Completed },
        { JobStatus.Failed, ServerEventTypes.Failed },
        { JobStatus.Cancelled, ServerEventTypes.Cancelled },
    };

    [Theory]
    [MemberData(nameof(FinalTypes))]
    public void Finished_is_named_after_the_final_status(JobStatus status, string type)
    {
        _events.Finished(EventTestData.Job("j1", status));

        var item = Last("j1");
        Assert.Equal(type, item.Type);
        Assert.True(item.IsJobFinal);
    }

    [Fact]
    public void Completed_carries_output_urls_and_failed_carries_the_error()
    {
        _events.Finished(EventTestData.Job("j1", JobStatus.Completed) with { Outputs = [new JobOutput("00-42.png", 42, 64, 64)] });
        _events.Finished(EventTestData.Job("j2", JobStatus.Failed) with { Error = new JobError(FailureKind.GenerationFailed, "no image") });

        var output = EventTestData.DataOf(Last("j1"))["outputs"]![0]!;
        Assert.Equal("00-42.png", output["filename"]!.GetValue<string>());
        Assert.Equal("/api/v1/jobs/j1/output/00-42.png", output["url"]!.GetValue<string>());
        var error = EventTestData.DataOf(Last("j2"))["error"]!;
        Assert.Equal("generation_failed", error["kind"]!.GetValue<string>());
        Assert.Equal("no image", error["message"]!.GetValue<string>());
    }

    [Fact]
    public void Worker_event_data_is_snake_case()
    {
        var before = new WorkerSlotSnapshot { WorkerId = "w0", Device = "synthetic", State = WorkerState.Idle, ProcessId = 42, Version = 3 };
        var change = new WorkerSlotChange(before, before with { State = WorkerState.Restarting, Restarts = 1, At = EventTestData.T0, Version = 4 }, "restart requested");
        var item = _journal.Publish(ServerEventTypes.Worker, null, change.Current.At, WorkerEventData.Of(change))!;

        var data = EventTestData.DataOf(item);
        Assert.Null(item.JobId);
        Assert.Equal("w0", data["worker_id"]!.GetValue<string>());
        Assert.Equal("idle", data["from"]!.GetValue<string>());
        Assert.Equal("restarting", data["to"]!.GetValue<string>());
        Assert.Equal("restart requested", data["reason"]!.GetValue<string>());
        Assert.Equal(1, data["restarts"]!.GetValue<int>());
        Assert.Equal("closed", data["breaker"]!.GetValue<string>());
        Assert.Equal(4, data["version"]!.GetValue<long>());
    }
}
