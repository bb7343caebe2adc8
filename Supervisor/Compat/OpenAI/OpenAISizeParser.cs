using System.Globalization;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Operations;

namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>
/// OpenAI's <c>size</c> ("1024x1024", "auto") under this server's size rules: any <c>WxH</c> whose sides are multiples
/// of 8 within <see cref="LimitsOptions.MinSize"/>..<see cref="LimitsOptions.MaxSize"/>, so OpenAI's own sizes pass
/// when the limits allow them. "auto" (or no size) is left to the caller, which knows the model or the input image.
/// </summary>
public static class OpenAISizeParser
{
    private const int Multiple = Text2ImgParameterTable.SizeMultiple;

    /// <summary>The size asked for; null for "auto" or none.</summary>
    public static OpenAIResult<ImageSize?> Parse(string? size, LimitsOptions limits)
    {
        var text = size?.Trim();
        if (string.IsNullOrEmpty(text) || text.Equals("auto", StringComparison.OrdinalIgnoreCase))
            return new OpenAIResult<ImageSize?>(null, null);

        var parts = text.Split('x', 'X');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height))
            return OpenAIErrors.BadRequest("size", $"size '{size}' is not 'WIDTHxHEIGHT' (e.g. '1024x1024') or 'auto'.", "invalid_size");

        if (!Fits(width, limits) || !Fits(height, limits))
            return OpenAIErrors.BadRequest("size",
                $"size '{text}' is not supported: width and height must be multiples of {Multiple} between {limits.MinSize} and {limits.MaxSize}.",
                "invalid_size");
        return new OpenAIResult<ImageSize?>(new ImageSize(width, height), null);
    }

    /// <summary>
    /// An edit's "auto" size: the input image's, scaled down to fit <see cref="LimitsOptions.MaxSize"/> (aspect kept),
    /// each side rounded to the nearest multiple of 8 and kept within the limits.
    /// </summary>
    public static ImageSize FitToLimits(int width, int height, LimitsOptions limits)
    {
        var scale = Math.Min(1.0, (double)limits.MaxSize / Math.Max(width, height));
        return new ImageSize(Snap(width * scale, limits), Snap(height * scale, limits));
    }

    private static bool Fits(int side, LimitsOptions limits) =>
        side >= limits.MinSize && side <= limits.MaxSize && side % Multiple == 0;

    private static int Snap(double side, LimitsOptions limits)
    {
        var snapped = (int)Math.Round(side / Multiple, MidpointRounding.AwayFromZero) * Multiple;
        var min = (limits.MinSize + Multiple - 1) / Multiple * Multiple;
        var max = limits.MaxSize / Multiple * Multiple;
        return Math.Clamp(snapped, min, max);
    }
}
