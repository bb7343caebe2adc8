using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Compat.A1111;
using SdSupervised.Supervisor.Compat.OpenAI;

namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>
/// Writes the errors the pipeline answers itself (413 before an endpoint runs, 500 from the exception handler):
/// an <see cref="ApiError"/>, or OpenAI's shape under <c>/v1</c> and A1111's under <c>/sdapi</c>, whose clients read those.
/// </summary>
public static class PipelineErrors
{
    public static Task WriteAsync(HttpContext context, ApiError error)
    {
        context.Response.StatusCode = error.Status;
        return context.Response.WriteAsJsonAsync(BodyFor(context, error), ApiJson.Options, context.RequestAborted);
    }

    /// <summary>The error in the shape of the request's family: OpenAI's under /v1, A1111's under /sdapi and /queue, else as is.</summary>
    public static object BodyFor(HttpContext context, ApiError error) => ApiFamilies.Of(context.Request.Path) switch
    {
        ApiFamily.A1111 => A1111ErrorBody.From(error),
        ApiFamily.OpenAI => OpenAIRoutes.ToOpenAI(error),
        _ => error,
    };
}
