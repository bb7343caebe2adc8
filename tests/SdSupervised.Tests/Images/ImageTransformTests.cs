using SdSupervised.Supervisor.Images;
using static SdSupervised.Tests.Images.TestImages;

namespace SdSupervised.Tests.Images;

public sealed class ImageTransformTests
{
    [Theory]
    [InlineData(32, 32)]   // a little smaller: cubic
    [InlineData(8, 6)]     // much smaller: mipmaps
    [InlineData(200, 150)] // larger
    public void Resize_keeps_each_quadrant_colour_at_its_centre(int width, int height)
    {
        var resized = ImageCodec.Resize(Quadrants(64, 48), width, height);

        Assert.Equal((width, height), (resized.Width, resized.Height));
        Assert.Equal(width * height * 4, resized.Rgba.Length);
        Assert.True(Near(Pixel(resized, width / 4, height / 4), Red, 2), $"top-left {string.Join(",", Pixel(resized, width / 4, height / 4))}");
        Assert.True(Near(Pixel(resized, width * 3 / 4, height / 4), Green, 2));
        Assert.True(Near(Pixel(resized, width / 4, height * 3 / 4), Blue, 2));
        Assert.True(Near(Pixel(resized, width * 3 / 4, height * 3 / 4), White, 2));
    }

    [Fact]
    public void Resize_to_the_same_size_is_an_exact_copy()
    {
        var source = Gradient(16, 16);
        var same = ImageCodec.Resize(source, 16, 16);
        Assert.Equal(source.Rgba, same.Rgba);
        Assert.NotSame(source.Rgba, same.Rgba);
    }

    [Fact]
    public void Resize_keeps_transparency_without_dark_fringes()
    {
        // Opaque white left half, fully transparent black right half: premultiplied filtering keeps the left white.
        var rgba = new byte[16 * 16 * 4];
        for (var y = 0; y < 16; y++)
        for (var x = 0; x < 8; x++)
            White.CopyTo(rgba, (y * 16 + x) * 4);
        var resized = ImageCodec.Resize(new DecodedImage(16, 16, rgba), 8, 8);

        var edge = Pixel(resized, 3, 4);
        Assert.True(edge[0] >= 250 && edge[1] >= 250 && edge[2] >= 250, $"left of the edge: {string.Join(",", edge)}");
        Assert.Equal(0, Pixel(resized, 7, 4)[3]);
    }

    [Fact]
    public void Crop_copies_exactly_the_box()
    {
        var source = Gradient(40, 30);
        var crop = ImageCodec.Crop(source, 5, 7, 10, 4);

        Assert.Equal((10, 4), (crop.Width, crop.Height));
        for (var y = 0; y < 4; y++)
        for (var x = 0; x < 10; x++)
            Assert.Equal(Pixel(source, 5 + x, 7 + y), Pixel(crop, x, y));
    }

    [Theory]
    [InlineData(-1, 0, 1, 1)]
    [InlineData(0, 0, 41, 1)]
    [InlineData(39, 29, 2, 1)]
    [InlineData(0, 0, 0, 1)]
    public void Crop_outside_the_image_throws(int x, int y, int w, int h) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageCodec.Crop(Gradient(40, 30), x, y, w, h));

    [Theory]
    [InlineData(40, 30, 0, 0, 40, 30, null)]
    [InlineData(40, 30, 40, 0, 1, 1, "x")]
    [InlineData(40, 30, 0, 30, 1, 1, "y")]
    [InlineData(40, 30, 10, 0, 31, 1, "width")]
    [InlineData(40, 30, 0, 10, 1, 21, "height")]
    public void Crop_box_check_names_the_field_that_leaves_the_image(int iw, int ih, int x, int y, int w, int h, string? field)
    {
        var problem = ImageToolService.CropBoxCheck(iw, ih, x, y, w, h);
        Assert.Equal(field, problem?.Field);
        if (problem is { } p) Assert.Contains($"{iw}x{ih}", p.Message);
    }
}
