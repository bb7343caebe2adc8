using Serilog.Context;

namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>
/// Gives each request its id: <see cref="HttpContext.TraceIdentifier"/>, the <c>X-Request-Id</c> response header
/// and the <c>RequestId</c> property of every log event written while the request runs.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var id = RequestIds.Resolve(context.Request.Headers[RequestIds.HeaderName]);
        context.TraceIdentifier = id;
        // Set now, not in an OnStarting callback (a cost on every request): the exception handler, which clears
        // headers, sets it again (ApiExceptionResponder).
        context.Response.Headers[RequestIds.HeaderName] = id;
        using (LogContext.PushProperty(RequestIds.LogProperty, id))
            await next(context);
    }
}
