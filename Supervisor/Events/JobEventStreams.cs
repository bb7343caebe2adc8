using System.Text.Json;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Events;

/// <summary>
/// Opens one job's event stream. It subscribes before it looks the job up, so an event published in between is
/// in the subscription rather than lost; a job found finished gets its final event (from the journal, else made
/// from the stored job) and the stream ends there.
/// </summary>
public sealed class JobEventStreams(EventJournal journal, JobService jobs, TimeProvider time)
{
    /// <summary>The runner stores a job's final state a moment before it publishes the final event.</summary>
    private static readonly TimeSpan FinalEventGrace = TimeSpan.FromSeconds(2);

    public async Task<JobEventStreamOpening> OpenAsync(string jobId, long? lastEventId, CancellationToken cancellationToken)
    {
        var subscription = journal.Subscribe(jobId, lastEventId);
        try
        {
            var snapshot = await jobs.GetAsync(jobId, cancellationToken);
            if (snapshot is null)
            {
                subscription.Dispose();
                return new JobEventStreamOpening(JobEventStreamOutcome.NotFound);
            }
            var job = snapshot.Job;
            if (!job.IsFinished || subscription.Replay.Any(e => e.IsJobFinal))
                return new JobEventStreamOpening(JobEventStreamOutcome.Stream, subscription);

            var final = journal.FindFinal(jobId) ?? await AwaitFinalAsync(subscription, job, cancellationToken) ?? Synthesize(job);
            if (final.Id > 0 && lastEventId >= final.Id && subscription.ResetOldestId is null)
            {
                subscription.Dispose();
                return new JobEventStreamOpening(JobEventStreamOutcome.NothingNew);
            }
            return new JobEventStreamOpening(JobEventStreamOutcome.Stream, subscription, final);
        }
        catch
        {
            subscription.Dispose();
            throw;
        }
    }

    /// <summary>A job that finished a moment ago may not have published its final event yet: wait for it briefly.</summary>
    private async Task<ServerEvent?> AwaitFinalAsync(EventSubscription subscription, Job job, CancellationToken cancellationToken)
    {
        if (job.CompletedAt is not { } completedAt || time.GetUtcNow() - completedAt > FinalEventGrace * 2)
            return null;
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(FinalEventGrace);
        try
        {
            await foreach (var item in subscription.Reader.ReadAllAsync(grace.Token))
                if (item.IsJobFinal)
                    return item;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        return null;
    }

    /// <summary>The final event rebuilt from the stored job, for a job the journal no longer remembers (id 0: not journaled).</summary>
    public ServerEvent Synthesize(Job job)
    {
        var at = job.CompletedAt ?? time.GetUtcNow();
        var data = JsonSerializer.Serialize(JobEventData.From(job, at), ApiJson.Options);
        return new ServerEvent(0, ServerEventTypes.ForFinished(job.Status), job.Id, at, data);
    }
}
