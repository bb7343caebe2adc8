using FastEndpoints;
using SdSupervised.Supervisor.Compat.OpenAI;

namespace SdSupervised.Supervisor.Api.OpenAI;

/// <summary><c>GET /v1/models</c>: the image models by catalog id, in OpenAI's list shape.</summary>
public sealed class ListOpenAIModelsEndpoint(OpenAIModelsService models) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get("/models");
        Description(b => b.Produces<OpenAIModelList>(StatusCodes.Status200OK));
        Group<OpenAIGroup>();
        AllowAnonymous();
        Summary(s => s.Summary = "OpenAI-compatible model list");
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.ResultAsync(OpenAIResponses.Json(await models.ListAsync(ct)));
}
