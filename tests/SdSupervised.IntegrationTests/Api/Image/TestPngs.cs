using SkiaSharp;

namespace SdSupervised.IntegrationTests.Api.Image;

/// <summary>Test images made and read with SkiaSharp directly, independent of the supervisor's own codec.</summary>
public static class TestPngs
{
    public static readonly SKColor Red = new(255, 0, 0);
    public static readonly SKColor Green = new(0, 255, 0);
    public static readonly SKColor Blue = new(0, 0, 255);
    public static readonly SKColor White = new(255, 255, 255);

    /// <summary>Four solid quadrants: red top-left, green top-right, blue bottom-left, white bottom-right.</summary>
    public static byte[] Quadrants(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
            bitmap.SetPixel(x, y, (x < width / 2, y < height / 2) switch
            {
                (true, true) => Red,
                (false, true) => Green,
                (true, false) => Blue,
                _ => White,
            });
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Decoded by SkiaSharp; null when the bytes are not an image.</summary>
    public static SKBitmap? Decode(byte[] bytes) => SKBitmap.Decode(bytes);

    public static bool Near(SKColor actual, SKColor expected, int tolerance) =>
        Math.Abs(actual.Red - expected.Red) <= tolerance && Math.Abs(actual.Green - expected.Green) <= tolerance
        && Math.Abs(actual.Blue - expected.Blue) <= tolerance && Math.Abs(actual.Alpha - expected.Alpha) <= tolerance;
}
