using SdSupervised.Supervisor.Images;

namespace SdSupervised.Supervisor.Api.Image;

/// <summary>The image endpoints' named values (format, mode) and their limits, shared by validators and handlers.</summary>
public static class ImageRequestValues
{
    public const int DefaultQuality = 90;

    public static readonly IReadOnlyDictionary<string, ImageFormat> Formats = new Dictionary<string, ImageFormat>(StringComparer.OrdinalIgnoreCase)
    {
        ["png"] = ImageFormat.Png,
        ["jpeg"] = ImageFormat.Jpeg,
        ["jpg"] = ImageFormat.Jpeg,
        ["webp"] = ImageFormat.Webp,
    };

    public static readonly IReadOnlyDictionary<string, ResizeMode> Modes = new Dictionary<string, ResizeMode>(StringComparer.OrdinalIgnoreCase)
    {
        ["stretch"] = ResizeMode.Stretch,
        ["fit"] = ResizeMode.Fit,
        ["fill"] = ResizeMode.Fill,
    };

    public const string FormatNames = "png, jpeg, webp";
    public const string ModeNames = "stretch, fit, fill";

    /// <summary>Null or blank means png.</summary>
    public static bool IsFormat(string? value) => string.IsNullOrWhiteSpace(value) || Formats.ContainsKey(value.Trim());

    public static ImageFormat Format(string? value) => string.IsNullOrWhiteSpace(value) ? ImageFormat.Png : Formats[value.Trim()];

    /// <summary>Null or blank means fit.</summary>
    public static bool IsMode(string? value) => string.IsNullOrWhiteSpace(value) || Modes.ContainsKey(value.Trim());

    public static ResizeMode Mode(string? value) => string.IsNullOrWhiteSpace(value) ? ResizeMode.Fit : Modes[value.Trim()];

    public static string EdgeMessage(string field, int value) =>
        $"{field} must be between 1 and {ImageCodec.MaxEdge} (image utilities allow up to {ImageCodec.MaxEdge} pixels per edge; got {value}).";
}
