using SdSupervised.Supervisor.Images;

namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>How images go back to the client: the file format and, for JPEG and WebP, the encoder quality (1..100).</summary>
public sealed record OpenAIOutputEncoding(ImageFormat Format, int Quality)
{
    public static readonly OpenAIOutputEncoding Png = new(ImageFormat.Png, OpenAIOutputFormatParser.DefaultCompression);

    /// <summary>OpenAI's name for the format (<c>output_format</c>), also the file extension.</summary>
    public string Name => NameOf(Format);

    public string ContentType => Format switch
    {
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.Webp => "image/webp",
        _ => "image/png",
    };

    public static string NameOf(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "jpeg",
        ImageFormat.Webp => "webp",
        _ => "png",
    };
}
