using SdSupervised.Contracts;

namespace SdSupervised.Supervisor.Images;

/// <summary>STUB: decoding, encoding and pixel conversions with SkiaSharp.</summary>
public static class ImageCodec
{
    /// <summary>Decodes PNG, JPEG, WebP, GIF (first frame) or BMP by content, not by name; null with a reason otherwise.</summary>
    public static DecodedImage? TryDecode(ReadOnlySpan<byte> data, out string? error) => throw new NotImplementedException();

    /// <summary>Encodes; <paramref name="quality"/> (1..100) applies to JPEG and WebP.</summary>
    public static byte[] Encode(DecodedImage image, ImageFormat format, int quality = 90) => throw new NotImplementedException();

    /// <summary>Raw pixels with 1 (gray), 3 (RGB) or 4 (RGBA) channels, as workers return them, to RGBA.</summary>
    public static DecodedImage FromPixels(int width, int height, int channels, byte[] pixels) => throw new NotImplementedException();

    /// <summary>To the worker's raw form: 1 channel (luminance, for masks), 3 (RGB, alpha dropped) or 4.</summary>
    public static RawImage ToRaw(DecodedImage image, int channels) => throw new NotImplementedException();

    /// <summary>High-quality resize to exactly <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static DecodedImage Resize(DecodedImage image, int width, int height) => throw new NotImplementedException();
}
