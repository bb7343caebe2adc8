using SdSupervised.Contracts;
using SdSupervised.Worker.Engines.Native;
using SdSupervised.Worker.Native;

namespace SdSupervised.Tests.Native;

public sealed unsafe class NativeImagesTests
{
    [Theory]
    [InlineData(1, new byte[] { 5, 6 }, 3, new byte[] { 5, 5, 5, 6, 6, 6 })]
    [InlineData(3, new byte[] { 1, 2, 3, 4, 5, 6 }, 3, new byte[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData(4, new byte[] { 1, 2, 3, 0, 4, 5, 6, 255 }, 3, new byte[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData(3, new byte[] { 10, 200, 30, 0, 0, 0 }, 1, new byte[] { 200, 0 })]
    [InlineData(4, new byte[] { 1, 2, 3, 255, 9, 8, 7, 0 }, 1, new byte[] { 3, 9 })]
    [InlineData(1, new byte[] { 0, 255 }, 1, new byte[] { 0, 255 })]
    public void Channels_are_converted_to_what_the_library_takes(int from, byte[] pixels, int to, byte[] expected)
    {
        using var arena = new NativeArena();

        var image = NativeImages.ToNative(new RawImage { Width = 2, Height = 1, Channels = from, Pixels = pixels }, to, arena);

        Assert.Equal((2u, 1u, (uint)to), (image.Width, image.Height, image.Channel));
        Assert.Equal(expected, new ReadOnlySpan<byte>(image.Data, expected.Length).ToArray());
    }

    [Theory]
    [InlineData(0, 1, 3, 0, "x has no size (0x1)")]
    [InlineData(1, 1, 2, 2, "x has 2 channels; use 1 (gray), 3 (RGB) or 4 (RGBA)")]
    [InlineData(2, 2, 3, 11, "x is 2x2x3 but carries 11 bytes, not 12")]
    public void Bad_images_are_described(int width, int height, int channels, int bytes, string expected) =>
        Assert.Equal(expected, NativeImages.Validate(new RawImage { Width = width, Height = height, Channels = channels, Pixels = new byte[bytes] }, "x"));

    [Fact]
    public void Result_pixels_are_copied_out_of_native_memory()
    {
        using var arena = new NativeArena();
        var data = arena.Array<byte>(new byte[] { 1, 2, 3, 4, 5, 6 });

        var image = NativeImages.FromNative(new SdImage { Width = 2, Height = 1, Channel = 3, Data = data }, seed: 77);
        data[0] = 99;

        Assert.Equal((2, 1, 3, 77L), (image.Width, image.Height, image.Channels, image.Seed));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, image.Pixels);
    }
}
