using FastEndpoints;
using FluentValidation;
using SdSupervised.Supervisor.Auth;
using SdSupervised.Supervisor.Outputs;

namespace SdSupervised.Supervisor.Api.Outputs;

public sealed class ZipOutputsRequest
{
    public List<ZipOutputFile>? Files { get; set; }
}

public sealed class ZipOutputFile
{
    public string? JobId { get; set; }
    public string? Filename { get; set; }
}

public sealed class ZipOutputsValidator : Validator<ZipOutputsRequest>
{
    public ZipOutputsValidator()
    {
        RuleFor(r => r.Files).NotEmpty().WithMessage("files is required: a list of {job_id, filename}.")
            .Must(f => f is null || f.Count <= OutputArchive.MaxFiles).WithMessage($"files holds at most {OutputArchive.MaxFiles} entries.");
        RuleForEach(r => r.Files).ChildRules(f =>
        {
            f.RuleFor(x => x.JobId).NotEmpty().WithMessage("job_id is required.");
            f.RuleFor(x => x.Filename).NotEmpty().WithMessage("filename is required.");
        });
    }
}

/// <summary>
/// <c>POST /api/outputs/zip</c>: chosen outputs of several jobs as one streamed ZIP (entries <c>job_id/filename</c>).
/// Everything is checked before the first byte: 404 for a missing job or file, 403 for another user's job.
/// </summary>
public sealed class ZipOutputsEndpoint(OutputArchive archive) : Endpoint<ZipOutputsRequest>
{
    public override void Configure()
    {
        Post("/outputs/zip");
        Group<ApiGroup>();
        Description(b => b.Produces(StatusCodes.Status200OK, contentType: "application/zip"));
        Summary(s =>
        {
            s.Summary = "Download several outputs as one ZIP";
            s.Description = "Body {files: [{job_id, filename}]}, at most 1000. 404 when a job or file is missing, 403 for another user's job.";
        });
    }

    public override async Task HandleAsync(ZipOutputsRequest req, CancellationToken ct)
    {
        var principal = HttpContext.Principal();
        var plan = await archive.PlanAsync(req.Files!.Select(f => (f.JobId!, f.Filename!)).ToList(),
            job => principal is not null && principal.MayTouch(job.Owner), ct);
        if (plan.Refusal is { } refusal)
        {
            await Send.ResultAsync(refusal == OutputArchiveRefusal.Forbidden
                ? ApiResults.Error(StatusCodes.Status403Forbidden, "forbidden", plan.Message!)
                : ApiResults.NotFound(plan.Message!));
            return;
        }
        HttpContext.Response.ContentType = "application/zip";
        HttpContext.Response.Headers.ContentDisposition = "attachment; filename=\"sd-outputs.zip\"";
        await OutputArchive.WriteAsync(HttpContext.Response.Body, plan.Entries, ct);
    }
}
