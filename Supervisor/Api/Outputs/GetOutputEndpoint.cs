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

/// <summary>
/// An output file of a job (image or video), or its thumbnail. Names that try to leave the job's folder get 404, never a
/// file. Range requests are honoured (206), so a browser can seek in a video.
/// </summary>
public sealed class GetOutputEndpoint(IOutputStore outputs) : Endpoint<GetOutputRequest>
{
    public const int DefaultThumbnailSize = 256;

    public override void Configure()
    {
        Get("/v1/jobs/{jobId}/output/{filename}", "/queue/job/{jobId}/output/{filename}");
        Description(b => b
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .Produces(StatusCodes.Status200OK, contentType: "video/mp4")
            .Produces(StatusCodes.Status206PartialContent, contentType: "video/mp4"));
        Group<ApiGroup>();
        AllowAnonymous();
        Summary(s => s.Summary = "Download an output image or video (?thumb=1&size=N for a thumbnail; Range requests for seeking)");
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
        var contentType = thumb ? "image/png" : OutputContentTypes.For(path);
        await Send.FileAsync(new FileInfo(path), contentType, enableRangeProcessing: true, cancellation: ct);
    }
}
