using SdSupervised.IntegrationTests.Infrastructure;
using SkiaSharp;
using static SdSupervised.IntegrationTests.Api.Image.TestPngs;

namespace SdSupervised.IntegrationTests.Api.Image;

/// <summary>/api/image/resize and /api/image/crop over real HTTP: results decoded and their pixels checked.</summary>
public sealed class ImageUtilityApiTests(ImageImportSupervisor fixture) : IClassFixture<ImageImportSupervisor>
{
    private static readonly string Source = Convert.ToBase64String(Quadrants(64, 48));
    private SupervisorProcess Sup => fixture.Supervisor;

    [Fact]
    public async Task Resize_fit_keeps_the_aspect_inside_the_box()
    {
        using var image = await ResizeAsync(new { image = Source, width = 32, height = 32, mode = "fit" }, 32, 24, "png");
        ExpectQuadrants(image);
    }

    [Fact]
    public async Task Resize_fill_covers_the_box_and_crops_the_centre()
    {
        using var image = await ResizeAsync(new { image = "data:image/png;base64," + Source, width = 32, height = 32, mode = "fill" }, 32, 32, "png");
        ExpectQuadrants(image);
    }

    [Fact]
    public async Task Resize_stretch_scale_and_one_side()
    {
        using (var stretched = await ResizeAsync(new { image = Source, width = 20, height = 40, mode = "stretch" }, 20, 40, "png")) ExpectQuadrants(stretched);
        using (var scaled = await ResizeAsync(new { image = Source, scale = 2.0 }, 128, 96, "png")) ExpectQuadrants(scaled);
        using (var oneSide = await ResizeAsync(new { image = Source, height = 24 }, 32, 24, "png")) ExpectQuadrants(oneSide);
    }

    [Fact]
    public async Task Resize_encodes_jpeg_and_webp_on_request()
    {
        using (var jpeg = await ResizeAsync(new { image = Source, width = 32, format = "jpeg", quality = 95 }, 32, 24, "jpeg", [0xFF, 0xD8, 0xFF]))
            ExpectQuadrants(jpeg, tolerance: 24);
        using (var webp = await ResizeAsync(new { image = Source, width = 32, format = "webp", quality = 95 }, 32, 24, "webp", "RIFF"u8.ToArray()))
            ExpectQuadrants(webp, tolerance: 24);
    }

    [Fact]
    public async Task Crop_returns_exactly_the_box()
    {
        var response = await Sup.Api.PostAsync("/api/image/crop", new { image = Source, x = 30, y = 22, width = 4, height = 4 });
        using var image = ExpectImage(response, 4, 4, "png");
        Sup.Expect(image.GetPixel(0, 0) == Red && image.GetPixel(3, 0) == Green && image.GetPixel(0, 3) == Blue && image.GetPixel(3, 3) == White,
            $"the 4x4 box at 30,22 straddles the quadrant corner: red, green / blue, white exactly\n{response}");
    }

    [Theory]
    [InlineData(64, 0, 1, 1, "x")]
    [InlineData(0, 48, 1, 1, "y")]
    [InlineData(60, 0, 5, 1, "width")]
    [InlineData(0, 40, 1, 9, "height")]
    public async Task Crop_outside_the_image_is_a_400_naming_the_field(int x, int y, int width, int height, string field)
    {
        var response = await Sup.Api.PostAsync("/api/image/crop", new { image = Source, x, y, width, height });
        ErrorBody.Assert4xx(response, Sup.Context(), 400);
        ErrorBody.AssertNamesField(response, field, Sup.Context());
        Sup.Expect(response.Json.Str("message")?.Contains("64x48") == true, $"the message should give the image size\n{response}");
    }

    public static TheoryData<object, string> BadRequests => new()
    {
        { new { image = Source, width = 0 }, "width" },
        { new { image = Source, width = 9000 }, "width" },
        { new { image = Source, height = -5 }, "height" },
        { new { image = Source }, "width" },
        { new { image = Source, scale = 0 }, "scale" },
        { new { image = Source, scale = 1.5, width = 10 }, "scale" },
        { new { image = Source, width = 10, mode = "zoom" }, "mode" },
        { new { image = Source, width = 10, format = "gif" }, "format" },
        { new { image = Source, width = 10, quality = 0 }, "quality" },
        { new { width = 10 }, "image" },
        { new { image = Source, scale = 200.0 }, "scale" },
        { new { image = Source, width = 8192, height = 8192, mode = "fill" }, "width" }, // covering needs 10923 wide
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_resize_numbers_are_400s_naming_the_field(object body, string field)
    {
        var response = await Sup.Api.PostAsync("/api/image/resize", body);
        ErrorBody.Assert4xx(response, Sup.Context(), 400);
        ErrorBody.AssertNamesField(response, field, Sup.Context());
    }

    [Fact]
    public async Task The_edge_limit_is_named_in_the_message()
    {
        var response = await Sup.Api.PostAsync("/api/image/resize", new { image = Source, width = 9000 });
        Sup.Expect(response.Code == 400 && response.Text.Contains("8192"), $"the validator should say image utilities allow 8192 per edge\n{response}");
    }

    [Fact]
    public async Task Bad_images_are_refused_with_stable_codes()
    {
        var notBase64 = await Sup.Api.PostAsync("/api/image/resize", new { image = "this is not base64 at all!", width = 10 });
        ErrorBody.Assert4xx(notBase64, Sup.Context(), 400);
        Sup.Expect(notBase64.Json.Str("error") == "invalid_base64", $"expected invalid_base64\n{notBase64}");

        var notImage = await Sup.Api.PostAsync("/api/image/crop", new { image = Convert.ToBase64String("<html></html>"u8), x = 0, y = 0, width = 1, height = 1 });
        ErrorBody.Assert4xx(notImage, Sup.Context(), 400);
        Sup.Expect(notImage.Json.Str("error") == "invalid_image", $"expected invalid_image\n{notImage}");
    }

    [Fact]
    public async Task A_base64_image_over_the_upload_limit_is_413()
    {
        var big = Convert.ToBase64String(new byte[ImageImportSupervisor.MaxUploadBytes * 2]);
        var response = await Sup.Api.PostAsync("/api/image/resize", new { image = big, width = 10 });
        ErrorBody.Assert4xx(response, Sup.Context(), 413);
        Sup.Expect(response.Json.Str("error") == "image_too_large" && response.Text.Contains(ImageImportSupervisor.MaxUploadBytes.ToString()),
            $"expected image_too_large naming the limit\n{response}");
    }

    private async Task<SKBitmap> ResizeAsync(object body, int width, int height, string format, byte[]? magic = null)
    {
        var response = await Sup.Api.PostAsync("/api/image/resize", body);
        var image = ExpectImage(response, width, height, format, magic);
        return image;
    }

    private SKBitmap ExpectImage(ApiResponse response, int width, int height, string format, byte[]? magic = null)
    {
        Sup.Expect(response.Code == 200 && response.Json.Int("width") == width && response.Json.Int("height") == height
                   && response.Json.Str("format") == format,
            $"expected 200 {{image, width: {width}, height: {height}, format: {format}}}\n{response}");
        var bytes = Convert.FromBase64String(response.Json.Str("image") ?? "");
        magic ??= [0x89, (byte)'P', (byte)'N', (byte)'G'];
        Sup.Expect(bytes.AsSpan().StartsWith(magic), $"the image is not {format} (starts {Convert.ToHexString(bytes.AsSpan(0, Math.Min(8, bytes.Length)))})");
        var image = Decode(bytes);
        Sup.Expect(image is not null && image.Width == width && image.Height == height,
            $"the returned image should decode as {width}x{height}, got {image?.Width}x{image?.Height}");
        return image!;
    }

    private void ExpectQuadrants(SKBitmap image, int tolerance = 3)
    {
        var (w, h) = (image.Width, image.Height);
        var probes = new[] { (w / 4, h / 4, Red), (w * 3 / 4, h / 4, Green), (w / 4, h * 3 / 4, Blue), (w * 3 / 4, h * 3 / 4, White) };
        foreach (var (x, y, colour) in probes)
            Sup.Expect(Near(image.GetPixel(x, y), colour, tolerance), $"pixel {x},{y} of the {w}x{h} result is {image.GetPixel(x, y)}, expected {colour}");
    }
}
