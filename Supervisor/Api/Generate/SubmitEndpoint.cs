using FastEndpoints;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Images;

namespace SdSupervised.Supervisor.Api.Generate;

/// <summary>
/// What every seed submit endpoint does: read the request's images, build the draft, and queue it through
/// <see cref="GenerationService"/>: 202 with the job id and place, or the service's 400/429.
/// </summary>
public abstract class SubmitEndpoint<TRequest>(GenerationService generation, ImageInputReader images) : Endpoint<TRequest, SubmitJobResponse>
    where TRequest : notnull
{
    /// <summary>The draft for this mode, or null when an image could not be read (in <paramref name="read"/>).</summary>
    protected abstract Task<GenerationDraft?> DraftAsync(TRequest req, RequestImages read, CancellationToken ct);

    public override async Task HandleAsync(TRequest req, CancellationToken ct)
    {
        var read = new RequestImages(images);
        var draft = await DraftAsync(req, read, ct);
        if (draft is not null && req is GenerationRequest fields)
            draft = await read.WithImageListsAsync(draft, fields, ct);
        if (draft is null)
        {
            var (field, error) = read.Failure!.Value;
            await Send.ResultAsync(SubmitResults.BadImage(field, error));
            return;
        }
        var submitted = await generation.SubmitAsync(draft, ct);
        if (!submitted.Accepted)
        {
            await Send.ResultAsync(SubmitResults.Refused(HttpContext, submitted.Error!));
            return;
        }
        var job = submitted.Job!;
        await Send.ResponseAsync(new SubmitJobResponse(job.Job.Id, job.Job.Status, job.Position) { IgnoredFields = Hosting.Http.IgnoredFields.Of(HttpContext) }, StatusCodes.Status202Accepted, ct);
    }

    protected void Describe(string route, string summary)
    {
        Post(route);
        Group<ApiGroup>();
        Summary(s =>
        {
            s.Summary = summary;
            s.Description = "Returns 202 with the job id and its place in the queue; poll /api/queue/job/{job_id} or follow /api/queue/job/{job_id}/events.";
            s.Response<SubmitJobResponse>(StatusCodes.Status202Accepted, "queued");
        });
    }
}
