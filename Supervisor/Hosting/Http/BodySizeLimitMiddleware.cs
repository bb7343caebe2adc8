namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>
/// Answers 413 before any endpoint runs when the declared <c>Content-Length</c> is over the limit: nothing is
/// read, and a binder cannot turn the failure into a 400. Chunked bodies are counted by Kestrel as they are read;
/// that failure reaches <see cref="ApiExceptionResponder"/>.
/// </summary>
public sealed class BodySizeLimitMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength is { } length && BodySizeLimit.Current(context) is { } limit && length > limit)
        {
            // The unread body is not drained; closing is cheaper than reading megabytes to throw away.
            context.Response.Headers.Connection = "close";
            return PipelineErrors.WriteAsync(context, BodySizeLimit.Error(limit) with { RequestId = context.TraceIdentifier });
        }
        return next(context);
    }
}
