using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Events;

/// <summary>Turns the job service's and runner's lifecycle calls into journal events. Never throws (the journal does not).</summary>
public sealed class JournalJobEvents(EventJournal journal, TimeProvider time) : IJobEvents
{
    public void Queued(Job job, int? position) =>
        Publish(ServerEventTypes.Queued, job, position: position);

    public void Started(Job job) => Publish(ServerEventTypes.Started, job);

    /// <summary>Progress without the preview: previews go out as their own, rarer events.</summary>
    public void Progress(Job job, JobProgress progress) =>
        Publish(ServerEventTypes.Progress, job, progress: progress with { Preview = null });

    public void Preview(Job job, JobProgress progress) => Publish(ServerEventTypes.Preview, job, progress: progress);

    public void Requeued(Job job) => Publish(ServerEventTypes.Requeued, job);

    public void Finished(Job job) => Publish(ServerEventTypes.ForFinished(job.Status), job);

    private void Publish(string type, Job job, int? position = null, JobProgress? progress = null)
    {
        var at = time.GetUtcNow();
        journal.Publish(type, job.Id, at, JobEventData.From(job, at, position, progress));
    }
}
