using SkiaSharp;

namespace SdSupervised.IntegrationTests.Api.Generate;

/// <summary>Pictures made in the test (no fixtures on disk) and read back from the server's PNGs.</summary>
public static class TestImages
{
    /// <summary>A PNG whose pixel (x, y) is (x*4, y*4, 128): every pixel tells where it is.</summary>
    public static byte[] Gradient(int width, int height) => Png(width, height, (x, y) => new SKColor((byte)(x * 4), (byte)(y * 4), 128));

    /// <summary>Black (keep) on the left half, white (repaint) on the right.</summary>
    public static byte[] HalfMask(int width, int height) => Png(width, height, (x, _) => x < width / 2 ? SKColors.Black : SKColors.White);

    public static byte[] Png(int width, int height, Func<int, int, SKColor> color)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                bitmap.SetPixel(x, y, color(x, y));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static string Base64(byte[] png) => Convert.ToBase64String(png);

    public static SKBitmap Decode(byte[] png) =>
        SKBitmap.Decode(png) ?? throw new InvalidOperationException($"not a decodable image ({png.Length} bytes)");
}
