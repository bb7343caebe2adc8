using SdSupervised.Supervisor.Auth;
using FastEndpoints;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Api.Models;

public sealed class ModelWorkerRequest
{
    public string ModelId { get; set; } = "";
    /// <summary>The worker to use; by default an idle one (load) or every holder (unload).</summary>
    public string? WorkerId { get; set; }
}

public sealed record ModelOperationResponse(string ModelId, string Status, IReadOnlyList<WorkerOperationResponse> Workers);

public sealed record WorkerOperationResponse(string? WorkerId, ModelOperationStatus Status, string Message, double? Seconds);

/// <summary><c>POST /api/models/{model_id}/load</c>: load a model (and its companions) on an idle worker, or on <c>worker_id</c>.</summary>
public sealed class LoadModelEndpoint(ModelService models) : Endpoint<ModelWorkerRequest, ModelOperationResponse>
{
    public override void Configure()
    {
        Post("/models/{modelId}/load");
        // The body is optional: a bare `curl -XPOST` must work too.
        Description(b => b.ClearDefaultAccepts().Produces(StatusCodes.Status409Conflict));
        Group<ApiGroup>();
        Policies(AuthPolicies.Admin);
        Summary(s => s.Summary = "Load a model on a worker");
    }

    public override async Task HandleAsync(ModelWorkerRequest req, CancellationToken ct)
    {
        var result = await models.LoadAsync(req.ModelId, req.WorkerId, ct);
        await Send.ResultAsync(ModelOperationReply.ToResult(result));
    }
}
