using SdSupervised.Supervisor.Auth;
using FastEndpoints;
using FluentValidation;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Api.Models;

public sealed class ModelReferenceRequest
{
    /// <summary>An id, a path inside the models directory, or a file name.</summary>
    public string? ModelId { get; set; }
}

public sealed class ModelReferenceValidator : Validator<ModelReferenceRequest>
{
    public ModelReferenceValidator()
    {
        RuleFor(r => r.ModelId).NotEmpty().WithMessage("model_id is required.");
    }
}

public sealed record ValidateModelResponse(string ModelId, string Path, bool Valid, bool Loadable, IReadOnlyList<ModelCheck> Checks);

/// <summary><c>POST /api/models/validate</c>: read the header again and check it against the file size and the catalog.</summary>
public sealed class ValidateModelEndpoint(ModelService models) : Endpoint<ModelReferenceRequest, ValidateModelResponse>
{
    public override void Configure()
    {
        Post("/models/validate");
        Group<ApiGroup>();
        Policies(AuthPolicies.Admin);
        Summary(s => s.Summary = "Validate a model file");
    }

    public override async Task HandleAsync(ModelReferenceRequest req, CancellationToken ct)
    {
        var lookup = await models.FindAsync(req.ModelId, ct);
        if (lookup.Entry is not { } entry)
        {
            await Send.ResultAsync(ModelApiResults.ForLookup(lookup));
            return;
        }
        var v = models.Validate(entry);
        await Send.OkAsync(new ValidateModelResponse(entry.Id, entry.RelativePath, v.Valid, v.Loadable, v.Checks), ct);
    }
}
