using SdSupervised.IntegrationTests.Api.Generate;
using SkiaSharp;

namespace SdSupervised.IntegrationTests.Api.A1111;

/// <summary>Pictures made in the test (<see cref="TestImages"/>), sent as A1111 clients send them (plain base64 or a data URL), and read back.</summary>
public static class A1111TestImages
{
    public static byte[] Gradient(int width, int height) => TestImages.Png(width, height, (x, y) => new SKColor((byte)(x * 2), (byte)(y * 2), 90));

    /// <summary>Black (keep) on the left half, white (repaint) on the right.</summary>
    public static byte[] HalfMask(int width, int height) => TestImages.HalfMask(width, height);

    public static string DataUrl(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);

    public static SKBitmap Decode(string base64) => TestImages.Decode(Convert.FromBase64String(base64));
}
