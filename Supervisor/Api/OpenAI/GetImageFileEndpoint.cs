using FastEndpoints;
using SdSupervised.Supervisor.Compat.OpenAI;

namespace SdSupervised.Supervisor.Api.OpenAI;

public sealed class GetImageFileRequest
{
    public string JobId { get; set; } = "";
    public string Filename { get; set; } = "";
    /// <summary>JPEG/WebP quality, 0..100 (OpenAI's output_compression); default 100. Text, checked by the service, so a bad value is an OpenAI-shaped 400.</summary>
    [QueryParam] public string? Quality { get; set; }
}

/// <summary>
/// <c>GET /v1/images/files/{job_id}/{name}.{png|jpeg|webp}</c>: the URL of a <c>response_format: "url"</c> image in
/// JPEG or WebP, converted from the stored PNG when asked for.
/// </summary>
public sealed class GetImageFileEndpoint(OpenAIImageFiles files) : Endpoint<GetImageFileRequest>
{
    public override void Configure()
    {
        Get(OpenAIImageUrls.FilesPath + "/{jobId}/{filename}");
        Description(b => b.Produces(StatusCodes.Status200OK, contentType: "image/png", additionalContentTypes: ["image/jpeg", "image/webp"]));
        Group<OpenAIGroup>();
        AllowAnonymous();
        Summary(s => s.Summary = "An output image converted to the format its name asks for (png, jpeg, webp)");
    }

    public override async Task HandleAsync(GetImageFileRequest req, CancellationToken ct)
    {
        var file = await files.ReadAsync(req.JobId, req.Filename, req.Quality, ct);
        if (file.Failure is { } failure)
        {
            await Send.ResultAsync(OpenAIResponses.Error(HttpContext, failure));
            return;
        }
        await Send.BytesAsync(file.Value!.Bytes, contentType: file.Value.ContentType, cancellation: ct);
    }
}
