using FastEndpoints;
using FluentValidation;
using SdSupervised.Supervisor.Images;

namespace SdSupervised.Supervisor.Api.Image;

/// <summary>Query of <c>GET /api/image/download?url=...</c>.</summary>
public sealed class DownloadImageRequest
{
    public string? Url { get; set; }
}

/// <summary>The downloaded bytes as received (base64), their detected format, size and length.</summary>
public sealed record DownloadImageResponse(string Image, int Width, int Height, string Format, long Bytes);

public sealed class DownloadImageValidator : Validator<DownloadImageRequest>
{
    public DownloadImageValidator()
    {
        RuleFor(r => r.Url).Must(u => !string.IsNullOrWhiteSpace(u)).WithMessage("url is required: an http(s) URL of an image.");
    }
}

/// <summary>
/// <c>GET /api/image/download</c>: fetch an image by URL through the SSRF-safe downloader, e.g. to check that a URL
/// a job will use is reachable and an image.
/// </summary>
public sealed class DownloadImageEndpoint(ImageToolService tools) : Endpoint<DownloadImageRequest, DownloadImageResponse>
{
    public override void Configure()
    {
        Get("/image/download");
        Group<ApiGroup>();
        Summary(s =>
        {
            s.Summary = "Download an image by URL";
            s.Description = "Private, loopback and link-local addresses are refused (400 url_not_allowed) unless listed in " +
                            "Sds:ImageImport:AllowedNetworks; the body must be a PNG, JPEG, WebP, GIF or BMP within Limits:MaxUploadBytes.";
        });
    }

    public override async Task HandleAsync(DownloadImageRequest req, CancellationToken ct)
    {
        var result = await tools.DownloadAsync(req.Url!, ct);
        if (result.Output is not { } output)
        {
            await Send.ResultAsync(ImageApiResults.Refused(result));
            return;
        }
        await Send.OkAsync(new DownloadImageResponse(Convert.ToBase64String(output.Bytes), output.Width, output.Height, output.Format, output.Bytes.LongLength), ct);
    }
}
