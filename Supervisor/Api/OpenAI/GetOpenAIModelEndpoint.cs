using FastEndpoints;
using SdSupervised.Supervisor.Compat.OpenAI;

namespace SdSupervised.Supervisor.Api.OpenAI;

public sealed class GetOpenAIModelRequest
{
    public string Id { get; set; } = "";
}

/// <summary><c>GET /v1/models/{id}</c>: one model, or 404 in OpenAI's shape.</summary>
public sealed class GetOpenAIModelEndpoint(OpenAIModelsService models) : Endpoint<GetOpenAIModelRequest>
{
    public override void Configure()
    {
        Get("/models/{id}");
        Description(b => b.Produces<OpenAIModel>(StatusCodes.Status200OK));
        Group<OpenAIGroup>();
        AllowAnonymous();
        Summary(s => s.Summary = "OpenAI-compatible model details");
    }

    public override async Task HandleAsync(GetOpenAIModelRequest req, CancellationToken ct) =>
        await Send.ResultAsync(OpenAIResponses.From(HttpContext, await models.GetAsync(req.Id, ct)));
}
