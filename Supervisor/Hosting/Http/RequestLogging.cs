using Serilog;
using Serilog.Events;

namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>
/// One log line per request that went wrong: errors for 5xx, information for 4xx, debug for the rest (a UI polls
/// status often). The line names the request id, so an id a client reports leads straight to it.
/// </summary>
public static class RequestLogging
{
    public const string MessageTemplate = "HTTP {RequestMethod} {RequestPath} answered {StatusCode} in {Elapsed:0.0} ms (request {RequestId})";

    public static WebApplication UseSupervisorRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            options.MessageTemplate = MessageTemplate;
            options.GetLevel = (context, _, exception) => LevelFor(context.Response.StatusCode, exception);
            options.EnrichDiagnosticContext = (diagnostics, context) => diagnostics.Set(RequestIds.LogProperty, context.TraceIdentifier);
        });
        return app;
    }

    public static LogEventLevel LevelFor(int status, Exception? exception) =>
        exception is not null || status >= 500 ? LogEventLevel.Error
        : status >= 400 ? LogEventLevel.Information
        : LogEventLevel.Debug;
}
