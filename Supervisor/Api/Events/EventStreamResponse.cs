using Microsoft.AspNetCore.Http.Features;
using SdSupervised.Supervisor.Events;

namespace SdSupervised.Supervisor.Api.Events;

/// <summary>
/// Turns a response into a text/event-stream and runs <see cref="EventStreamer"/> on it until the client leaves,
/// the job ends, or the server starts stopping (so open streams never hold up shutdown).
/// </summary>
public static class EventStreamResponse
{
    public static async Task RunAsync(
        HttpContext context,
        EventStreamer streamer,
        EventSubscription subscription,
        long? lastEventId,
        bool endAtJobFinal,
        ServerEvent? knownFinal,
        IHostApplicationLifetime lifetime,
        ILogger logger)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            await response.StartAsync(stop.Token);
            var end = await streamer.RunAsync(new SseWriter(response.Body), subscription, lastEventId, endAtJobFinal, knownFinal, stop.Token);
            logger.LogDebug("Event stream {Path} for job {JobId} ended: {StreamEnd}", context.Request.Path.Value, subscription.JobId, end);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client went away mid-write: nothing to tell anyone.
            logger.LogDebug("Event stream {Path} for job {JobId} closed by the client", context.Request.Path.Value, subscription.JobId);
        }
    }
}
