using SkiaSharp;
using Xunit.Sdk;

namespace SdSupervised.IntegrationTests.Api.OpenAI;

/// <summary>Images for edit requests, and decoding of what came back, with SkiaSharp (not the server's own codec).</summary>
public static class TestImages
{
    /// <summary>An opaque PNG with a colour gradient, so img2img has something to start from.</summary>
    public static byte[] OpaquePng(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                bitmap.SetPixel(x, y, new SKColor((byte)(x * 255 / width), (byte)(y * 255 / height), 128, 255));
        return Encode(bitmap);
    }

    /// <summary>An opaque PNG of random pixels: it does not compress, so its size in bytes is about 3 x width x height.</summary>
    public static byte[] NoisyPng(int width, int height)
    {
        var random = new Random(1);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), 255));
        return Encode(bitmap);
    }

    /// <summary>An OpenAI-style mask: opaque black, with a transparent square (the area to edit) in the middle.</summary>
    public static byte[] MaskPng(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var inside = x >= width / 4 && x < width * 3 / 4 && y >= height / 4 && y < height * 3 / 4;
                bitmap.SetPixel(x, y, inside ? new SKColor(0, 0, 0, 0) : new SKColor(0, 0, 0, 255));
            }
        return Encode(bitmap);
    }

    /// <summary>Decodes with SkiaSharp; fails the test, naming <paramref name="what"/>, when the bytes are not an image.</summary>
    public static SKBitmap Decode(byte[] bytes, string what) =>
        SKBitmap.Decode(bytes) ?? throw new XunitException($"{what}: {bytes.Length} bytes that SkiaSharp cannot decode (first bytes: {Convert.ToHexString(bytes.AsSpan(0, Math.Min(16, bytes.Length)))})");

    public static bool IsPng(byte[] bytes) => bytes.AsSpan().StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });

    public static bool IsJpeg(byte[] bytes) => bytes.AsSpan().StartsWith(new byte[] { 0xFF, 0xD8, 0xFF });

    public static bool IsWebp(byte[] bytes) =>
        bytes.Length > 12 && bytes.AsSpan(0, 4).SequenceEqual("RIFF"u8) && bytes.AsSpan(8, 4).SequenceEqual("WEBP"u8);

    private static byte[] Encode(SKBitmap bitmap)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
