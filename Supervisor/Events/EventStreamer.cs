using Microsoft.Extensions.Options;

namespace SdSupervised.Supervisor.Events;

/// <summary>
/// Writes one client's event stream: the <c>retry:</c> hint, a <c>reset</c> when its Last-Event-ID is gone, the
/// replay, then live events as they come, with a <c>: keep-alive</c> comment when nothing happened for a while.
/// Ids already sent are never sent again. Returns when the job ended (job streams), the client overflowed, or
/// <paramref name="cancellationToken"/> fires (client gone, server stopping); it never throws for those.
/// </summary>
public sealed class EventStreamer(IOptions<EventsOptions> options, TimeProvider time)
{
    private const string KeepAlive = "keep-alive";

    public async Task<EventStreamEnd> RunAsync(
        SseWriter writer,
        EventSubscription subscription,
        long? lastEventId,
        bool endAtJobFinal,
        ServerEvent? knownFinal,
        CancellationToken cancellationToken)
    {
        try
        {
            return await WriteAsync(writer, subscription, lastEventId, endAtJobFinal, knownFinal, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return EventStreamEnd.Cancelled;
        }
    }

    private async Task<EventStreamEnd> WriteAsync(
        SseWriter writer, EventSubscription subscription, long? lastEventId, bool endAtJobFinal, ServerEvent? knownFinal, CancellationToken cancellationToken)
    {
        var o = options.Value;
        await writer.WriteRetryAsync(o.RetryMilliseconds, cancellationToken);

        var lastSent = lastEventId ?? 0;
        if (subscription.ResetOldestId is { } oldest)
        {
            await writer.WriteEventAsync(0, ServerEventTypes.Reset,
                System.Text.Json.JsonSerializer.Serialize(new ResetEventData(oldest, lastEventId), Api.ApiJson.Options), cancellationToken);
            lastSent = oldest - 1;
        }

        IEnumerable<ServerEvent> backlog = knownFinal is null ? subscription.Replay : [.. subscription.Replay, knownFinal];
        foreach (var item in backlog)
        {
            if (item.Id > 0 && item.Id <= lastSent)
            {
                if (endAtJobFinal && item.IsJobFinal)
                    return EventStreamEnd.JobFinished;
                continue;
            }
            await writer.WriteEventAsync(item, cancellationToken);
            lastSent = Math.Max(lastSent, item.Id);
            if (endAtJobFinal && item.IsJobFinal)
                return EventStreamEnd.JobFinished;
        }

        var heartbeat = TimeSpan.FromSeconds(o.HeartbeatSeconds);
        var reader = subscription.Reader;
        Task<bool>? waiting = null;
        while (true)
        {
            while (reader.TryRead(out var item))
            {
                if (item.Id <= lastSent)
                    continue;
                await writer.WriteEventAsync(item, cancellationToken);
                lastSent = item.Id;
                if (endAtJobFinal && item.IsJobFinal)
                    return EventStreamEnd.JobFinished;
            }

            waiting ??= reader.WaitToReadAsync(cancellationToken).AsTask();
            try
            {
                // The wait outlives a heartbeat timeout: it is kept and awaited again, not restarted.
                var more = await waiting.WaitAsync(heartbeat, time, cancellationToken);
                waiting = null;
                if (!more)
                    return subscription.Overflowed ? EventStreamEnd.Overflowed : EventStreamEnd.Cancelled;
            }
            catch (TimeoutException)
            {
                await writer.WriteCommentAsync(KeepAlive, cancellationToken);
            }
        }
    }
}
