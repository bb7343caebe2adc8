using SdSupervised.Supervisor.Images;

namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>Turns a stored PNG into the format the client asked for; PNG passes through untouched (its infotext chunk kept).</summary>
public static class OpenAIImageEncoder
{
    public static byte[] Encode(byte[] png, OpenAIOutputEncoding encoding)
    {
        if (encoding.Format == ImageFormat.Png)
            return png;
        var image = ImageCodec.TryDecode(png, out var error)
            ?? throw new InvalidOperationException($"a stored output is not a decodable PNG: {error}");
        return ImageCodec.Encode(image, encoding.Format, encoding.Quality);
    }
}
