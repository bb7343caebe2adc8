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
        // Set when the response starts: the exception handler clears headers set earlier.
        context.Response.OnStarting(static state =>
        {
            var ctx = (HttpContext)state;
            ctx.Response.Headers[RequestIds.HeaderName] = ctx.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        using (LogContext.PushProperty(RequestIds.LogProperty, id))
            await next(context);
    }
}
