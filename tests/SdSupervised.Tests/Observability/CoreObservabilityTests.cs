using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Status;
using SdSupervised.Tests.Core;

namespace SdSupervised.Tests.Observability;

/// <summary>Timings and the published status on the real runner, store and queue (in-memory workers, fake clock).</summary>
public sealed class CoreObservabilityTests
{
    [Fact]
    public async Task A_completed_job_stores_one_timings_entry_whose_total_is_its_wall_time()
    {
        await using var core = new CoreHarness();
        var slot = core.StartSlot();
        var active = await core.SubmitAsync(steps: 4);
        await (await core.DispatchAsync(slot));

        var job = (await core.Store.GetAsync(active.Id, CancellationToken.None))!;
        Assert.Equal(JobStatus.Completed, job.Status);
        var t = Assert.Single(job.Timings);
        Assert.Equal((1, "w0"), (t.Attempt, t.WorkerId));
        Assert.Equal((job.CompletedAt!.Value - job.CreatedAt).TotalSeconds, t.TotalSeconds, precision: 6);
        Assert.Equal(job.CompletedAt, t.FinishedAt);
        Assert.True(t.EngineSeconds > 0, $"the engine reported its time: {t}");
        Assert.True(t.QueuedSeconds + t.LoadSeconds + t.EncodeSeconds >= 0 && t.QueuedSeconds <= t.TotalSeconds, $"parts within the total: {t}");
    }

    [Fact]
    public async Task The_status_document_is_serialised_once_and_shared_until_something_shown_changes()
    {
        await using var core = new CoreHarness();
        var status = core.Service<PublishedStatus>();

        var first = status.Current();
        Assert.Same(first, status.Current());

        await core.SubmitAsync();
        var queued = status.Current();
        Assert.NotSame(first, queued);
        Assert.NotEqual(first.ETag, queued.ETag);
        Assert.Contains("\"queued\":1", System.Text.Encoding.UTF8.GetString(queued.Json));
        Assert.Same(queued, status.Current());
    }
}
