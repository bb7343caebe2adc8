using SkiaSharp;

namespace SdSupervised.Tests.Outputs;

/// <summary>
/// Fails with the loader's own message when libSkiaSharp.so cannot be loaded on this machine
/// (the NoDependencies build needs only libc, libstdc++ and libgcc_s), so a broken native
/// asset is reported here rather than as a confusing failure inside the output store tests.
/// </summary>
public sealed class SkiaSharpNativeTests
{
    [Fact]
    public void Native_library_loads_and_encodes_a_png()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(4, 4, SKColorType.Rgba8888, SKAlphaType.Opaque));
        bitmap.Erase(new SKColor(10, 20, 30));

        using var data = bitmap.PeekPixels().Encode(SKPngEncoderOptions.Default);

        Assert.NotNull(data);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, data.AsSpan()[..4].ToArray());
    }
}
