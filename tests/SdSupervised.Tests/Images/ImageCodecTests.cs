using SdSupervised.Supervisor.Images;
using static SdSupervised.Tests.Images.TestImages;

namespace SdSupervised.Tests.Images;

public sealed class ImageCodecTests
{
    [Fact]
    public void Png_round_trip_keeps_every_pixel_including_alpha()
    {
        var source = Gradient(37, 23);
        source.Rgba[3] = 0;          // a transparent pixel keeps its colour values (unpremultiplied)
        source.Rgba[7] = 128;

        var png = ImageCodec.Encode(source, ImageFormat.Png);
        var decoded = ImageCodec.Decode(png, ImageCodec.DefaultMaxPixels);

        Assert.Equal(SourceImageFormat.Png, decoded.Format);
        Assert.NotNull(decoded.Image);
        Assert.Equal((37, 23), (decoded.Image.Width, decoded.Image.Height));
        Assert.Equal(source.Rgba, decoded.Image.Rgba);
    }

    [Theory]
    [InlineData(ImageFormat.Jpeg, SourceImageFormat.Jpeg)]
    [InlineData(ImageFormat.Webp, SourceImageFormat.Webp)]
    public void Lossy_round_trip_keeps_size_and_solid_colours(ImageFormat format, SourceImageFormat sniffed)
    {
        var source = Quadrants(64, 48);
        var bytes = ImageCodec.Encode(source, format, quality: 95);
        var decoded = ImageCodec.Decode(bytes, ImageCodec.DefaultMaxPixels);

        Assert.Equal(sniffed, decoded.Format);
        var image = decoded.Image!;
        Assert.Equal((64, 48), (image.Width, image.Height));
        Assert.True(Near(Pixel(image, 8, 8), Red, 12), $"red quadrant decoded as {string.Join(",", Pixel(image, 8, 8))}");
        Assert.True(Near(Pixel(image, 56, 40), White, 12), $"white quadrant decoded as {string.Join(",", Pixel(image, 56, 40))}");
    }

    [Fact]
    public void Lower_quality_gives_smaller_jpeg()
    {
        var source = Gradient(128, 128);
        Assert.True(ImageCodec.Encode(source, ImageFormat.Jpeg, 20).Length < ImageCodec.Encode(source, ImageFormat.Jpeg, 95).Length);
    }

    [Fact]
    public void Gif_first_frame_and_bmp_decode()
    {
        var gif = ImageCodec.Decode(TinyGif, ImageCodec.DefaultMaxPixels);
        Assert.Equal(SourceImageFormat.Gif, gif.Format);
        Assert.Equal(new byte[] { 5, 4, 4, 255 }, gif.Image!.Rgba);

        var bmp = ImageCodec.Decode(TinyBmp(), ImageCodec.DefaultMaxPixels);
        Assert.Equal(SourceImageFormat.Bmp, bmp.Format);
        Assert.Equal((2, 2), (bmp.Image!.Width, bmp.Image.Height));
        Assert.Equal(Red, Pixel(bmp.Image, 0, 0));
        Assert.Equal(Green, Pixel(bmp.Image, 1, 0));
        Assert.Equal(Blue, Pixel(bmp.Image, 0, 1));
        Assert.Equal(White, Pixel(bmp.Image, 1, 1));
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html></html>", "HTML")]
    [InlineData("{\"error\": 1}", "JSON")]
    [InlineData("hello world", "text")]
    [InlineData("", "empty")]
    public void Non_images_are_refused_with_what_they_look_like(string content, string described)
    {
        var image = ImageCodec.TryDecode(System.Text.Encoding.UTF8.GetBytes(content), out var error);
        Assert.Null(image);
        Assert.Contains("PNG, JPEG, WebP, GIF or BMP", error);
        Assert.Contains(described, error);
    }

    [Fact]
    public void Unsupported_format_and_damaged_images_are_refused()
    {
        // ICO: Skia decodes it, we do not accept it.
        Assert.Null(ImageCodec.TryDecode([0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, 0, 0, 0, 0, 22, 0, 0, 0], out var ico));
        Assert.Contains("not a PNG", ico);

        var png = ImageCodec.Encode(Gradient(64, 64), ImageFormat.Png);
        Assert.Null(ImageCodec.TryDecode(png.AsSpan(0, png.Length / 2), out var truncated));
        Assert.Contains("png", truncated, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Huge_dimensions_are_refused_from_the_header_without_allocating_pixels()
    {
        var header = PngHeaderOnly(100_000, 100_000); // 40 GB of RGBA if it were decoded
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = ImageCodec.Decode(header, ImageCodec.DefaultMaxPixels);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Null(result.Image);
        Assert.True(result.TooLarge, result.Error);
        Assert.Contains("100000x100000", result.Error);
        Assert.Contains("MaxInputPixels", result.Error);
        Assert.True(allocated < 1_000_000, $"refusing allocated {allocated} bytes");
    }

    [Fact]
    public void Pixel_limit_is_inclusive()
    {
        var png = ImageCodec.Encode(Gradient(10, 10), ImageFormat.Png);
        Assert.NotNull(ImageCodec.Decode(png, 100).Image);
        Assert.True(ImageCodec.Decode(png, 99).TooLarge);
    }

    /// <summary>EXIF orientation, and where the source's red top-left quadrant must end up once upright.</summary>
    [Theory]
    [InlineData(1, 64, 48, "top-left")]
    [InlineData(2, 64, 48, "top-right")]     // mirrored
    [InlineData(3, 64, 48, "bottom-right")]  // rotated 180
    [InlineData(4, 64, 48, "bottom-left")]   // flipped
    [InlineData(5, 48, 64, "top-left")]      // transposed
    [InlineData(6, 48, 64, "top-right")]     // rotated 90 clockwise
    [InlineData(7, 48, 64, "bottom-right")]  // transversed
    [InlineData(8, 48, 64, "bottom-left")]   // rotated 90 counter-clockwise
    public void Jpeg_exif_orientation_is_applied(int orientation, int width, int height, string redCorner)
    {
        var jpeg = WithExifOrientation(ImageCodec.Encode(Quadrants(64, 48), ImageFormat.Jpeg, 95), orientation);
        var image = ImageCodec.Decode(jpeg, ImageCodec.DefaultMaxPixels).Image!;

        Assert.Equal((width, height), (image.Width, image.Height));
        var (x, y) = redCorner switch
        {
            "top-left" => (4, 4),
            "top-right" => (width - 5, 4),
            "bottom-left" => (4, height - 5),
            _ => (width - 5, height - 5),
        };
        Assert.True(Near(Pixel(image, x, y), Red, 12), $"the {redCorner} corner is {string.Join(",", Pixel(image, x, y))}, expected red");
    }

    [Fact]
    public void FromPixels_widens_gray_and_rgb_to_opaque_rgba()
    {
        var gray = ImageCodec.FromPixels(2, 1, 1, [10, 200]);
        Assert.Equal(new byte[] { 10, 10, 10, 255, 200, 200, 200, 255 }, gray.Rgba);

        var rgb = ImageCodec.FromPixels(1, 2, 3, [1, 2, 3, 4, 5, 6]);
        Assert.Equal(new byte[] { 1, 2, 3, 255, 4, 5, 6, 255 }, rgb.Rgba);

        byte[] rgbaPixels = [1, 2, 3, 4];
        var rgba = ImageCodec.FromPixels(1, 1, 4, rgbaPixels);
        Assert.Equal(rgbaPixels, rgba.Rgba);
        Assert.NotSame(rgbaPixels, rgba.Rgba);

        Assert.Throws<ArgumentException>(() => ImageCodec.FromPixels(2, 2, 3, new byte[11]));
        Assert.Throws<ArgumentException>(() => ImageCodec.FromPixels(1, 1, 2, new byte[2]));
    }

    [Fact]
    public void ToRaw_gives_luminance_rgb_or_rgba()
    {
        var image = new DecodedImage(2, 1, [255, 0, 0, 255, 100, 100, 100, 0]);

        var gray = ImageCodec.ToRaw(image, 1);
        Assert.Equal((2, 1, 1), (gray.Width, gray.Height, gray.Channels));
        Assert.Equal(new byte[] { 77, 100 }, gray.Pixels); // red's luma ~0.3; gray stays exactly gray

        Assert.Equal(new byte[] { 255, 0, 0, 100, 100, 100 }, ImageCodec.ToRaw(image, 3).Pixels);
        Assert.Equal(image.Rgba, ImageCodec.ToRaw(image, 4).Pixels);

        var back = ImageCodec.FromPixels(2, 1, 3, ImageCodec.ToRaw(image, 3).Pixels);
        Assert.Equal(new byte[] { 255, 0, 0, 255, 100, 100, 100, 255 }, back.Rgba);
    }
}
