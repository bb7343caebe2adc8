using FastEndpoints;
using FluentValidation;
using SdSupervised.Supervisor.Images;

namespace SdSupervised.Supervisor.Api.Image;

/// <summary>Body of <c>POST /api/image/resize</c>.</summary>
public sealed class ResizeImageRequest
{
    /// <summary>Base64 (optionally a data: URL) or an http(s) URL.</summary>
    public string? Image { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    public double? Scale { get; set; }
    /// <summary>stretch, fit (default) or fill.</summary>
    public string? Mode { get; set; }
    /// <summary>png (default), jpeg or webp.</summary>
    public string? Format { get; set; }
    public int Quality { get; set; } = ImageRequestValues.DefaultQuality;
}

public sealed class ResizeImageValidator : Validator<ResizeImageRequest>
{
    public const double MaxScale = 64;

    public ResizeImageValidator()
    {
        RuleFor(r => r.Image).Must(i => !string.IsNullOrWhiteSpace(i)).WithMessage("image is required: base64, a data: URL or an http(s) URL.");
        RuleFor(r => r.Width).InclusiveBetween(1, ImageCodec.MaxEdge).When(r => r.Width is not null)
            .WithMessage(r => ImageRequestValues.EdgeMessage("width", r.Width!.Value));
        RuleFor(r => r.Height).InclusiveBetween(1, ImageCodec.MaxEdge).When(r => r.Height is not null)
            .WithMessage(r => ImageRequestValues.EdgeMessage("height", r.Height!.Value));
        RuleFor(r => r.Width).NotNull().When(r => r.Height is null && r.Scale is null)
            .WithMessage("give width, height (or both) or scale.");
        RuleFor(r => r.Scale).Must(s => double.IsFinite(s!.Value) && s > 0 && s <= MaxScale).When(r => r.Scale is not null)
            .WithMessage(r => $"scale must be above 0 and at most {MaxScale} (got {r.Scale}).");
        RuleFor(r => r.Scale).Null().When(r => r.Width is not null || r.Height is not null)
            .WithMessage("scale cannot be combined with width or height; give one or the other.");
        RuleFor(r => r.Mode).Must(ImageRequestValues.IsMode)
            .WithMessage(r => $"mode '{r.Mode}' is not one of: {ImageRequestValues.ModeNames}.");
        RuleFor(r => r.Format).Must(ImageRequestValues.IsFormat)
            .WithMessage(r => $"format '{r.Format}' is not one of: {ImageRequestValues.FormatNames}.");
        RuleFor(r => r.Quality).InclusiveBetween(1, 100).WithMessage(r => $"quality must be between 1 and 100 (got {r.Quality}).");
    }
}

/// <summary><c>POST /api/image/resize</c>: resize an image given inline or by URL.</summary>
public sealed class ResizeImageEndpoint(ImageToolService tools) : Endpoint<ResizeImageRequest, ImageResponse>
{
    public override void Configure()
    {
        Post("/image/resize");
        Group<ApiGroup>();
        Summary(s =>
        {
            s.Summary = "Resize an image";
            s.Description = "One of width or height keeps the aspect ratio; both apply mode (fit keeps the aspect inside the box, " +
                            "fill covers it and centre-crops, stretch ignores the aspect); scale multiplies both sides. At most 8192 pixels per edge.";
        });
    }

    public override async Task HandleAsync(ResizeImageRequest req, CancellationToken ct)
    {
        var result = await tools.ResizeAsync(req.Image!, req.Width, req.Height, req.Scale, ImageRequestValues.Mode(req.Mode),
            ImageRequestValues.Format(req.Format), req.Quality, ct);
        if (result.Output is not { } output)
        {
            await Send.ResultAsync(ImageApiResults.Refused(result));
            return;
        }
        await Send.OkAsync(new ImageResponse(Convert.ToBase64String(output.Bytes), output.Width, output.Height, output.Format), ct);
    }
}
