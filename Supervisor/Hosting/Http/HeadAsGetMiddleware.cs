namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>
/// <c>HEAD</c> on every <c>GET</c> route (uptime checkers and link checkers use it) without declaring it on each
/// endpoint: the request is routed, authorised and handled as the GET, and set back to HEAD before the response
/// starts, so Kestrel sends the GET's status and headers and drops the body, as HTTP wants. Before routing, so a HEAD
/// on an unknown path gets the GET's 404.
/// </summary>
public sealed class HeadAsGetMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsHead(context.Request.Method))
            return next(context);
        context.Request.Method = HttpMethods.Get;
        context.Response.OnStarting(() =>
        {
            context.Request.Method = HttpMethods.Head;
            return Task.CompletedTask;
        });
        return next(context);
    }
}
