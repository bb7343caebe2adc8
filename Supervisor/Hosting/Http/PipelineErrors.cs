using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Compat.OpenAI;

namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>
/// Writes the errors the pipeline answers itself (413 before an endpoint runs, 500 from the exception handler):
/// an <see cref="ApiError"/>, or OpenAI's shape under <c>/v1</c>, whose clients cannot read ours.
/// </summary>
public static class PipelineErrors
{
    public static Task WriteAsync(HttpContext context, ApiError error)
    {
        context.Response.StatusCode = error.Status;
        return context.Response.WriteAsJsonAsync(OpenAIRoutes.ErrorBodyFor(context, error), ApiJson.Options, context.RequestAborted);
    }
}
