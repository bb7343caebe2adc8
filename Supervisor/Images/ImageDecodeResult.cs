namespace SdSupervised.Supervisor.Images;

/// <summary>A decode: the pixels and the format they came in, or why not (<see cref="TooLarge"/>: over the pixel limit).</summary>
public sealed record ImageDecodeResult(DecodedImage? Image, SourceImageFormat? Format, string? Error, bool TooLarge = false)
{
    public static ImageDecodeResult Refused(string error, SourceImageFormat? format = null) => new(null, format, error);
}
