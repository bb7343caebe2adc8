using SdSupervised.Supervisor.Auth;
using FastEndpoints;
using FluentValidation;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Api.Models;

public sealed class BatchModelsRequest
{
    public List<BatchOperation>? Operations { get; set; }
    /// <summary>The seed's form: one <c>operation</c> (load or unload) for every name in <see cref="Models"/>.</summary>
    public string? Operation { get; set; }
    public List<string>? Models { get; set; }
    /// <summary>With the seed's form, the worker for all of them.</summary>
    public string? WorkerId { get; set; }

    /// <summary>The operations in order, whichever form was sent.</summary>
    public List<BatchOperation> AllOperations() =>
        Operations ?? [.. (Models ?? []).Select(m => new BatchOperation { Action = Operation, ModelId = m, WorkerId = WorkerId })];
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
        RuleFor(r => r).Must(r => r.Operations is null || r.Models is null)
            .OverridePropertyName("operations").WithMessage("send either operations [{action, model_id}] or {operation, models}, not both.");
        RuleFor(r => r.AllOperations()).NotEmpty().OverridePropertyName("operations")
            .WithMessage("operations must list at least one {action, model_id} (or send {operation: load|unload, models: [names]}).")
            .Must(o => o.Count <= MaxOperations).WithMessage($"at most {MaxOperations} operations per batch.");
        RuleFor(r => r.Operation).Must(a => a is "load" or "unload").When(r => r.Models is not null)
            .WithMessage(r => $"operation '{r.Operation}' must be load or unload.");
        RuleForEach(r => r.Models).NotEmpty().WithMessage("each of models must be a model name.");
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
        foreach (var op in req.AllOperations())
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
