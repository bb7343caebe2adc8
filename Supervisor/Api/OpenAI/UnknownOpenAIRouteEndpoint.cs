using FastEndpoints;
using SdSupervised.Supervisor.Compat.OpenAI;
using SdSupervised.Supervisor.Hosting.Http;

namespace SdSupervised.Supervisor.Api.OpenAI;

/// <summary>
/// Any other <c>/v1</c> path (chat, audio, an images call this server lacks): 404 in OpenAI's shape, which OpenAI's
/// clients turn into a readable exception, rather than the seed API's error body.
/// </summary>
public sealed class UnknownOpenAIRouteEndpoint : EndpointWithoutRequest
{
    public override void Configure()
    {
        Verbs(Http.GET, Http.POST, Http.PUT, Http.PATCH, Http.DELETE);
        Routes("/{**path}");
        Group<OpenAIGroup>();
        AllowAnonymous();
        Description(b => b.ClearDefaultAccepts().ClearDefaultProduces().Produces(StatusCodes.Status404NotFound).Produces(StatusCodes.Status405MethodNotAllowed));
        Summary(s => s.Summary = "Unsupported OpenAI routes (404; 405 with Allow for a wrong method on a served one)");
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        // A known /v1 path with the wrong method: 405 naming the right ones, not "no such URL".
        if (UnmatchedRequest.WrongMethod(HttpContext) is { } allowed)
        {
            HttpContext.Response.Headers.Allow = string.Join(", ", allowed);
            return Send.ResultAsync(OpenAIResponses.Error(HttpContext, new OpenAIFailure(StatusCodes.Status405MethodNotAllowed, new OpenAIErrorDetail(
                $"{HttpContext.Request.Method} is not allowed on {HttpContext.Request.Path}; use {string.Join(", ", allowed)}.",
                OpenAIErrors.InvalidRequest, null, "method_not_allowed"))));
        }
        return Send.ResultAsync(OpenAIResponses.Error(HttpContext, OpenAIErrors.NotFound(
            $"This server has no {HttpContext.Request.Method} {HttpContext.Request.Path}; it serves /v1/images/generations, /v1/images/edits and /v1/models.",
            code: "unknown_url")));
    }
}
