using SdSupervised.Supervisor.Auth;
using FastEndpoints;
using FluentValidation;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Api.Models;

public sealed class BatchModelsRequest
{
    public List<BatchOperation>? Operations { get; set; }
}

public sealed class BatchOperation
{
    /// <summary>load or unload.</summary>
    public string? Action { get; set; }
    public string? ModelId { get; set; }
    public string? WorkerId { get; set; }
}

public sealed record BatchResultResponse(string Action, string? ModelId, bool Ok, string Status, string Message, IReadOnlyList<WorkerOperationResponse> Workers);

public sealed record BatchModelsResponse(int Succeeded, int Failed, IReadOnlyList<BatchResultResponse> Results);

public sealed class BatchModelsValidator : Validator<BatchModelsRequest>
{
    public const int MaxOperations = 32;

    public BatchModelsValidator()
    {
        RuleFor(r => r.Operations).NotEmpty().WithMessage("operations must list at least one {action, model_id}.")
            .Must(o => o is null || o.Count <= MaxOperations).WithMessage($"at most {MaxOperations} operations per batch.");
        RuleForEach(r => r.Operations).ChildRules(op =>
        {
            op.RuleFor(o => o.Action).Must(a => a is "load" or "unload").WithMessage(o => $"action '{o.Action}' must be load or unload.");
            op.RuleFor(o => o.ModelId).NotEmpty().WithMessage("model_id is required.");
        });
    }
}

/// <summary>
/// <c>POST /api/models/batch</c>: load or unload several models, in order. Each operation reports its own outcome;
/// one that fails does not stop the rest.
/// </summary>
public sealed class BatchModelsEndpoint(ModelService models) : Endpoint<BatchModelsRequest, BatchModelsResponse>
{
    public override void Configure()
    {
        Post("/models/batch");
        Group<ApiGroup>();
        Policies(AuthPolicies.Admin);
        Summary(s => s.Summary = "Load or unload several models");
    }

    public override async Task HandleAsync(BatchModelsRequest req, CancellationToken ct)
    {
        var results = new List<BatchResultResponse>();
        foreach (var op in req.Operations!)
        {
            var result = op.Action == "load"
                ? await models.LoadAsync(op.ModelId, op.WorkerId, ct)
                : await models.UnloadAsync(op.ModelId, op.WorkerId, ct);
            var response = ModelOperationReply.ToResponse(result, op.ModelId!);
            var ok = result.Error is null && result.Results.All(r => r.Succeeded);
            results.Add(new BatchResultResponse(op.Action!, response.ModelId, ok, response.Status, result.Message, response.Workers));
        }
        await Send.OkAsync(new BatchModelsResponse(results.Count(r => r.Ok), results.Count(r => !r.Ok), results), ct);
    }
}
