using SdSupervised.Supervisor.Auth;
using FastEndpoints;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Api.Models;

/// <summary><c>POST /api/models/{model_id}/unload</c>: free a model on every worker holding it, or on <c>worker_id</c>.</summary>
public sealed class UnloadModelEndpoint(ModelService models) : Endpoint<ModelWorkerRequest, ModelOperationResponse>
{
    public override void Configure()
    {
        Post("/models/{modelId}/unload");
        // The body is optional: a bare `curl -XPOST` must work too.
        Description(b => b.ClearDefaultAccepts().Produces(StatusCodes.Status409Conflict));
        Group<ApiGroup>();
        Policies(AuthPolicies.Admin);
        Summary(s => s.Summary = "Unload a model");
    }

    public override async Task HandleAsync(ModelWorkerRequest req, CancellationToken ct)
    {
        var result = await models.UnloadAsync(req.ModelId, req.WorkerId, ct);
        await Send.ResultAsync(ModelOperationReply.ToResult(result));
    }
}
