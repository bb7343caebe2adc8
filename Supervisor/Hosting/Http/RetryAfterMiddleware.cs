namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>Makes sure no 429 leaves without <c>Retry-After</c>, even one written without <see cref="Api.ApiResults.TooManyRequests"/>.</summary>
public sealed class RetryAfterMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            RetryAfter.EnsureOn429(((HttpContext)state).Response);
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
