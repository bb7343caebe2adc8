using SdSupervised.Supervisor.Auth;
using FastEndpoints;
using FluentValidation;
using SdSupervised.Supervisor.Api.Generate;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Storage;

namespace SdSupervised.Supervisor.Api.Models;

public sealed class ConvertModelRequest
{
    public string? ModelId { get; set; }
    /// <summary>The library's type name (q8_0, q4_k, f16, ...).</summary>
    public string? OutputType { get; set; }
    /// <summary>Path of the new file inside the models directory, ending in .gguf; default: beside the input, <c>&lt;stem&gt;.&lt;type&gt;.gguf</c>.</summary>
    public string? OutputName { get; set; }
    /// <summary>A catalog VAE to bake into the output.</summary>
    public string? Vae { get; set; }

    /// <summary>The seed's name for <see cref="ModelId"/>.</summary>
    public string? ModelName { get; set; }
    /// <summary>The seed's name for <see cref="OutputType"/> (<c>Q4_K_S</c>, <c>q8_0</c>...).</summary>
    public string? QuantizationType { get; set; }
    /// <summary>The seed's name for <see cref="OutputName"/>; it may also be absolute, inside the models directory.</summary>
    public string? OutputPath { get; set; }

    /// <summary>Errors name the field the client sent: the seed's name when it used that form.</summary>
    public string FieldName(string field) => field switch
    {
        "model_id" when ModelId is null && ModelName is not null => "model_name",
        "output_type" when OutputType is null && QuantizationType is not null => "quantization_type",
        "output_name" when OutputName is null && OutputPath is not null => "output_path",
        _ => field,
    };
}

public sealed class ConvertModelValidator : Validator<ConvertModelRequest>
{
    public ConvertModelValidator()
    {
        RuleFor(r => r.ModelId ?? r.ModelName).NotEmpty().OverridePropertyName("model_id").WithMessage("model_id (or model_name) is required.");
        RuleFor(r => r.OutputType ?? r.QuantizationType).NotEmpty().OverridePropertyName("output_type")
            .WithMessage($"output_type (or quantization_type) is required: one of {string.Join(", ", ConvertTypes.Names)}.");
    }
}

/// <summary>
/// <c>POST /api/models/convert</c>: queue a conversion of a catalog model to GGUF (quantization), run by a worker's
/// engine; the new file is written inside the models directory and joins the catalog when the job completes.
/// </summary>
public sealed class ConvertModelEndpoint(ModelService models, JobService jobs, StorageGuard storage) : Endpoint<ConvertModelRequest, SubmitJobResponse>
{
    public override void Configure()
    {
        Post("/models/convert");
        Description(b => b.Produces(StatusCodes.Status409Conflict));
        Group<ApiGroup>();
        Policies(AuthPolicies.Admin);
        Summary(s =>
        {
            s.Summary = "Queue a model conversion to GGUF";
            s.Description = "Returns 202 with the job id; poll /api/queue/job/{job_id}. 409 when the output file exists; 507 storage_full while the data dir's disk is short of space.";
        });
    }

    public override async Task HandleAsync(ConvertModelRequest req, CancellationToken ct)
    {
        var catalog = await models.Catalog.WhenReadyAsync(ct);
        var plan = ConvertPlanner.Plan(catalog, req.ModelId ?? req.ModelName, req.OutputType ?? req.QuantizationType, req.OutputName ?? req.OutputPath, req.Vae);
        switch (plan.Status)
        {
            case ConvertPlanStatus.Invalid:
                await Send.ResultAsync(ModelApiResults.InvalidField(req.FieldName(plan.Field!), plan.Message));
                return;
            case ConvertPlanStatus.Conflict:
                await Send.ResultAsync(ApiResults.Conflict(plan.Message));
                return;
        }
        if (storage.Refusal() is { } storageFull)
        {
            await Send.ResultAsync(SubmitResults.Refused(HttpContext, storageFull));
            return;
        }
        var outcome = await jobs.SubmitConvertAsync(plan.Parameters!, ct);
        if (outcome.QueueFull is { } full)
        {
            await Send.ResultAsync(SubmitResults.Refused(HttpContext, SubmitError.QueueFull(full)));
            return;
        }
        var job = outcome.Job!;
        await Send.ResponseAsync(new SubmitJobResponse(job.Job.Id, job.Job.Status, job.Position) { IgnoredFields = Hosting.Http.IgnoredFields.Of(HttpContext) }, StatusCodes.Status202Accepted, ct);
    }
}
