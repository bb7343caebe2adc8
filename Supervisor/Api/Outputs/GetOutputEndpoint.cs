using FastEndpoints;
using SdSupervised.Supervisor.Outputs;

namespace SdSupervised.Supervisor.Api.Outputs;

public sealed class GetOutputRequest
{
    public string JobId { get; set; } = "";
    public string Filename { get; set; } = "";
    /// <summary>"1"/"true" for a thumbnail.</summary>
    [QueryParam] public string? Thumb { get; set; }
    [QueryParam] public int? Size { get; set; }
}

/// <summary>An output image of a job, or its thumbnail. Names that try to leave the job's folder get 404, never a file.</summary>
public sealed class GetOutputEndpoint(IOutputStore outputs) : Endpoint<GetOutputRequest>
{
    public const int DefaultThumbnailSize = 256;

    public override void Configure()
    {
        Get("/v1/jobs/{jobId}/output/{filename}", "/queue/job/{jobId}/output/{filename}");
        Description(b => b.Produces(StatusCodes.Status200OK, contentType: "image/png"));
        Group<ApiGroup>();
        AllowAnonymous();
        Summary(s => s.Summary = "Download an output image (?thumb=1&size=N for a thumbnail)");
    }

    public override async Task HandleAsync(GetOutputRequest req, CancellationToken ct)
    {
        var thumb = req.Thumb is "1" or "true" or "yes";
        var path = thumb
            ? await outputs.GetThumbnailAsync(req.JobId, req.Filename, req.Size ?? DefaultThumbnailSize, ct)
            : outputs.ResolveOutput(req.JobId, req.Filename);
        if (path is null)
        {
            await Send.ResultAsync(ApiResults.NotFound($"output '{req.Filename}' of job '{req.JobId}' not found"));
            return;
        }
        await Send.FileAsync(new FileInfo(path), "image/png", cancellation: ct);
    }
}
