using SkiaSharp;

namespace SdSupervised.IntegrationTests.Api.A1111;

/// <summary>Pictures made in the test, sent as A1111 clients send them (plain base64 or a data URL), and read back.</summary>
public static class A1111TestImages
{
    public static byte[] Gradient(int width, int height) => Png(width, height, (x, y) => new SKColor((byte)(x * 2), (byte)(y * 2), 90));

    /// <summary>Black (keep) on the left half, white (repaint) on the right.</summary>
    public static byte[] HalfMask(int width, int height) => Png(width, height, (x, _) => x < width / 2 ? SKColors.Black : SKColors.White);

    public static string DataUrl(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);

    public static SKBitmap Decode(string base64) =>
        SKBitmap.Decode(Convert.FromBase64String(base64)) ?? throw new InvalidOperationException("not a decodable image");

    private static byte[] Png(int width, int height, Func<int, int, SKColor> color)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                bitmap.SetPixel(x, y, color(x, y));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
