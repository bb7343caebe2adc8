using FastEndpoints;
using FluentValidation;
using SdSupervised.Supervisor.Images;

namespace SdSupervised.Supervisor.Api.Image;

/// <summary>Body of <c>POST /api/image/crop</c>: the box x, y, width x height in source pixels.</summary>
public sealed class CropImageRequest
{
    /// <summary>Base64 (optionally a data: URL) or an http(s) URL.</summary>
    public string? Image { get; set; }
    public int X { get; set; }
    public int Y { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    /// <summary>png (default), jpeg or webp.</summary>
    public string? Format { get; set; }
    public int Quality { get; set; } = ImageRequestValues.DefaultQuality;
}

public sealed class CropImageValidator : Validator<CropImageRequest>
{
    public CropImageValidator()
    {
        RuleFor(r => r.Image).Must(i => !string.IsNullOrWhiteSpace(i)).WithMessage("image is required: base64, a data: URL or an http(s) URL.");
        RuleFor(r => r.X).GreaterThanOrEqualTo(0).WithMessage(r => $"x must be 0 or more (got {r.X}).");
        RuleFor(r => r.Y).GreaterThanOrEqualTo(0).WithMessage(r => $"y must be 0 or more (got {r.Y}).");
        RuleFor(r => r.Width).NotNull().WithMessage("width is required.")
            .InclusiveBetween(1, ImageCodec.MaxEdge).WithMessage(r => ImageRequestValues.EdgeMessage("width", r.Width!.Value));
        RuleFor(r => r.Height).NotNull().WithMessage("height is required.")
            .InclusiveBetween(1, ImageCodec.MaxEdge).WithMessage(r => ImageRequestValues.EdgeMessage("height", r.Height!.Value));
        RuleFor(r => r.Format).Must(ImageRequestValues.IsFormat)
            .WithMessage(r => $"format '{r.Format}' is not one of: {ImageRequestValues.FormatNames}.");
        RuleFor(r => r.Quality).InclusiveBetween(1, 100).WithMessage(r => $"quality must be between 1 and 100 (got {r.Quality}).");
    }
}

/// <summary><c>POST /api/image/crop</c>: cut a box out of an image given inline or by URL.</summary>
public sealed class CropImageEndpoint(ImageToolService tools) : Endpoint<CropImageRequest, ImageResponse>
{
    public override void Configure()
    {
        Post("/image/crop");
        Group<ApiGroup>();
        Summary(s =>
        {
            s.Summary = "Crop an image";
            s.Description = "The box must lie inside the image; otherwise 400 names the field (x, y, width or height) that puts it outside.";
        });
    }

    public override async Task HandleAsync(CropImageRequest req, CancellationToken ct)
    {
        var result = await tools.CropAsync(req.Image!, req.X, req.Y, req.Width!.Value, req.Height!.Value,
            ImageRequestValues.Format(req.Format), req.Quality, ct);
        if (result.Output is not { } output)
        {
            await Send.ResultAsync(ImageApiResults.Refused(result));
            return;
        }
        await Send.OkAsync(new ImageResponse(Convert.ToBase64String(output.Bytes), output.Width, output.Height, output.Format), ct);
    }
}
