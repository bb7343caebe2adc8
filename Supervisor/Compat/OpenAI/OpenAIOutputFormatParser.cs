using SdSupervised.Supervisor.Images;

namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>
/// <c>output_format</c> (png, jpeg, webp; default png) and <c>output_compression</c> (0..100, default 100). OpenAI's
/// "compression" behaves as a quality: 100 keeps the most detail, so it becomes the JPEG/WebP encoder quality as is
/// (0 becomes 1, the encoder's floor). PNG is lossless and ignores it.
/// </summary>
public static class OpenAIOutputFormatParser
{
    public const int DefaultCompression = 100;

    public static OpenAIResult<OpenAIOutputEncoding> Parse(string? format, int? compression)
    {
        if (compression is < 0 or > 100)
            return OpenAIErrors.BadRequest("output_compression", $"output_compression must be between 0 and 100 (got {compression}).");
        var quality = Math.Max(1, compression ?? DefaultCompression);
        if (TryFormat(format) is not { } parsed)
            return OpenAIErrors.BadRequest("output_format", $"output_format '{format}' is not one of: png, jpeg, webp.");
        return new OpenAIOutputEncoding(parsed, quality);
    }

    /// <summary>The format by OpenAI's name (also "jpg"); null when unknown. No name means PNG.</summary>
    public static ImageFormat? TryFormat(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "png" => ImageFormat.Png,
        "jpeg" or "jpg" => ImageFormat.Jpeg,
        "webp" => ImageFormat.Webp,
        _ => null,
    };
}
