namespace SdSupervised.Supervisor.Images;

/// <summary>The image utilities behind <c>/api/image/*</c>: read the input (base64 or URL), transform, encode.</summary>
public sealed class ImageToolService(ImageInputReader reader)
{
    public async Task<ImageToolResult> ResizeAsync(string image, int? width, int? height, double? scale, ResizeMode mode,
        ImageFormat format, int quality, CancellationToken cancellationToken)
    {
        var input = await reader.ReadAsync(image, cancellationToken);
        if (!input.Accepted) return ImageToolResult.Refused(input.Error!, "image");
        var source = input.Image!;

        var (plan, field, error) = ResizePlan.Create(source.Width, source.Height, width, height, scale, mode, ImageCodec.MaxEdge);
        if (plan is null) return ImageToolResult.InvalidField(field!, error!);

        var scaled = ImageCodec.Resize(source, plan.ScaledWidth, plan.ScaledHeight);
        var result = plan.Width == plan.ScaledWidth && plan.Height == plan.ScaledHeight
            ? scaled
            : ImageCodec.Crop(scaled, plan.CropX, plan.CropY, plan.Width, plan.Height);
        return Encoded(result, format, quality);
    }

    public async Task<ImageToolResult> CropAsync(string image, int x, int y, int width, int height,
        ImageFormat format, int quality, CancellationToken cancellationToken)
    {
        var input = await reader.ReadAsync(image, cancellationToken);
        if (!input.Accepted) return ImageToolResult.Refused(input.Error!, "image");
        var source = input.Image!;

        var outside = CropBoxCheck(source.Width, source.Height, x, y, width, height);
        if (outside is not null) return ImageToolResult.InvalidField(outside.Value.Field, outside.Value.Message);
        return Encoded(ImageCodec.Crop(source, x, y, width, height), format, quality);
    }

    /// <summary>The downloaded bytes exactly as received, once they proved to be an image within the limits.</summary>
    public async Task<ImageToolResult> DownloadAsync(string url, CancellationToken cancellationToken)
    {
        var input = await reader.ReadUrlAsync(url, cancellationToken);
        if (!input.Accepted) return ImageToolResult.Refused(input.Error!, "url");
        return ImageToolResult.Ok(new ImageToolOutput(input.Bytes!, input.Image!.Width, input.Image.Height, ImageCodec.Name(input.Format!.Value)));
    }

    /// <summary>The first field that puts the box outside a <paramref name="imageWidth"/> x <paramref name="imageHeight"/> image, or null.</summary>
    public static (string Field, string Message)? CropBoxCheck(int imageWidth, int imageHeight, int x, int y, int width, int height)
    {
        var size = $"the image is {imageWidth}x{imageHeight}";
        if (x >= imageWidth) return ("x", $"x {x} is outside the image: {size}, so x must be below {imageWidth}.");
        if (y >= imageHeight) return ("y", $"y {y} is outside the image: {size}, so y must be below {imageHeight}.");
        if ((long)x + width > imageWidth) return ("width", $"x + width = {(long)x + width} passes the right edge: {size}, so width may be at most {imageWidth - x} at x {x}.");
        if ((long)y + height > imageHeight) return ("height", $"y + height = {(long)y + height} passes the bottom edge: {size}, so height may be at most {imageHeight - y} at y {y}.");
        return null;
    }

    private static ImageToolResult Encoded(DecodedImage image, ImageFormat format, int quality) =>
        ImageToolResult.Ok(new ImageToolOutput(ImageCodec.Encode(image, format, quality), image.Width, image.Height, ImageCodec.Name(format)));
}
