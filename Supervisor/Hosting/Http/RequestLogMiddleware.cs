using System.Diagnostics;

namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>
/// One log line per request: errors for 5xx, information for 4xx, debug for the rest (a UI polls status often).
/// The line names the request id, so an id a client reports leads straight to it. Deliberately plain: a timestamp
/// and one level check per request, because status polling is the hottest path the server has.
/// </summary>
public sealed class RequestLogMiddleware(RequestDelegate next, ILogger<RequestLogMiddleware> logger)
{
    public const string MessageTemplate = "HTTP {RequestMethod} {RequestPath} answered {StatusCode} in {Elapsed:0.0} ms (request {RequestId})";

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        await next(context);
        var status = context.Response.StatusCode;
        var level = LevelFor(status);
        if (logger.IsEnabled(level))
            logger.Log(level, MessageTemplate, context.Request.Method, context.Request.Path.Value, status,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, context.TraceIdentifier);
    }

    /// <summary>Exceptions never reach here: the exception handler inside turns them into 500s (and logs them).</summary>
    public static LogLevel LevelFor(int status) =>
        status >= 500 ? LogLevel.Error
        : status >= 400 ? LogLevel.Information
        : LogLevel.Debug;
}
