using System.Runtime.InteropServices;
using SdSupervised.Contracts;
using SkiaSharp;

namespace SdSupervised.Supervisor.Images;

/// <summary>Decoding, encoding and pixel conversions with SkiaSharp. Pixels stay unpremultiplied RGBA with no colour space, so nothing is colour-converted.</summary>
public static class ImageCodec
{
    /// <summary>The pixel cap of <see cref="TryDecode(ReadOnlySpan{byte}, out string?)"/> (the default of <c>Limits:MaxInputPixels</c>).</summary>
    public const long DefaultMaxPixels = 64L * 1024 * 1024;

    /// <summary>Largest edge the image utilities produce or accept as a size.</summary>
    public const int MaxEdge = 8192;

    private const string Supported = "PNG, JPEG, WebP, GIF or BMP";

    /// <summary>Decodes PNG, JPEG, WebP, GIF (first frame) or BMP by content, not by name; null with a reason otherwise.</summary>
    public static DecodedImage? TryDecode(ReadOnlySpan<byte> data, out string? error)
    {
        var result = Decode(data, DefaultMaxPixels);
        error = result.Error;
        return result.Image;
    }

    /// <summary>
    /// Decodes like <see cref="TryDecode(ReadOnlySpan{byte}, out string?)"/>, refusing more than <paramref name="maxPixels"/>
    /// from the header's dimensions before any pixel memory is allocated.
    /// </summary>
    public static ImageDecodeResult Decode(ReadOnlySpan<byte> data, long maxPixels)
    {
        var format = ImageSniffer.Detect(data);
        if (format is null) return ImageDecodeResult.Refused($"the data is not a {Supported} image: {ImageSniffer.Describe(data)}.");

        using var skData = SKData.CreateCopy(data);
        using var codec = SKCodec.Create(skData);
        if (codec is null) return ImageDecodeResult.Refused($"the data starts like a {Name(format.Value)} image but its header is damaged.", format);
        if (Sniffed(codec.EncodedFormat) != format)
            return ImageDecodeResult.Refused($"the data starts like a {Name(format.Value)} image but decodes as {codec.EncodedFormat}.", format);

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var pixels = (long)width * height;
        if (width <= 0 || height <= 0) return ImageDecodeResult.Refused($"the {Name(format.Value)} image is empty ({width}x{height}).", format);
        if (pixels > maxPixels || pixels * 4 > Array.MaxLength)
            return new ImageDecodeResult(null, format,
                $"the image is {width}x{height} = {pixels} pixels, over the limit of {maxPixels} pixels (Sds:Limits:MaxInputPixels).", TooLarge: true);

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var rgba = new byte[pixels * 4];
        var handle = GCHandle.Alloc(rgba, GCHandleType.Pinned);
        try
        {
            // Frame 0 of an animated GIF or WebP; no colour space on the target, so no conversion.
            var status = codec.GetPixels(info, handle.AddrOfPinnedObject(), info.RowBytes, new SKCodecOptions(0));
            if (status != SKCodecResult.Success)
            {
                var why = status == SKCodecResult.IncompleteInput ? "is truncated" : $"could not be decoded ({status})";
                return ImageDecodeResult.Refused($"the {Name(format.Value)} image {why}.", format);
            }
        }
        finally
        {
            handle.Free();
        }
        return new ImageDecodeResult(Oriented(new DecodedImage(width, height, rgba), codec.EncodedOrigin), format, null);
    }

    /// <summary>Encodes; <paramref name="quality"/> (1..100) applies to JPEG and WebP.</summary>
    public static byte[] Encode(DecodedImage image, ImageFormat format, int quality = 90)
    {
        Check(image);
        quality = Math.Clamp(quality, 1, 100);
        using var pixmap = Pixmap(image, out var handle);
        try
        {
            using var data = format switch
            {
                ImageFormat.Png => pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, zLibLevel: 6)),
                ImageFormat.Jpeg => pixmap.Encode(new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore)),
                ImageFormat.Webp => pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, quality)),
                _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not an encodable format"),
            };
            return data?.ToArray() ?? throw new InvalidOperationException($"SkiaSharp could not encode a {image.Width}x{image.Height} image as {format}.");
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>Raw pixels with 1 (gray), 3 (RGB) or 4 (RGBA) channels, as workers return them, to RGBA.</summary>
    public static DecodedImage FromPixels(int width, int height, int channels, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        var count = (long)width * height;
        if (width <= 0 || height <= 0 || channels is not (1 or 3 or 4) || pixels.LongLength != count * channels)
            throw new ArgumentException($"{width}x{height}x{channels} needs {count * channels} bytes of 1, 3 or 4 channels; got {pixels.LongLength}.", nameof(pixels));

        if (channels == 4) return new DecodedImage(width, height, (byte[])pixels.Clone());
        var rgba = new byte[count * 4];
        for (long p = 0; p < count; p++)
        {
            var d = p * 4;
            if (channels == 1)
            {
                rgba[d] = rgba[d + 1] = rgba[d + 2] = pixels[p];
            }
            else
            {
                var s = p * 3;
                rgba[d] = pixels[s];
                rgba[d + 1] = pixels[s + 1];
                rgba[d + 2] = pixels[s + 2];
            }
            rgba[d + 3] = 0xFF;
        }
        return new DecodedImage(width, height, rgba);
    }

    /// <summary>To the worker's raw form: 1 channel (luminance, for masks), 3 (RGB, alpha dropped) or 4.</summary>
    public static RawImage ToRaw(DecodedImage image, int channels)
    {
        Check(image);
        if (channels is not (1 or 3 or 4)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "1, 3 or 4 channels");
        var count = (long)image.Width * image.Height;
        var rgba = image.Rgba;
        byte[] pixels;
        if (channels == 4)
        {
            pixels = (byte[])rgba.Clone();
        }
        else
        {
            pixels = new byte[count * channels];
            for (long p = 0; p < count; p++)
            {
                var s = p * 4;
                if (channels == 1)
                {
                    // BT.601 luma in fixed point; the weights sum to 256, so gray stays exactly gray.
                    pixels[p] = (byte)((77 * rgba[s] + 150 * rgba[s + 1] + 29 * rgba[s + 2] + 128) >> 8);
                }
                else
                {
                    var d = p * 3;
                    pixels[d] = rgba[s];
                    pixels[d + 1] = rgba[s + 1];
                    pixels[d + 2] = rgba[s + 2];
                }
            }
        }
        return new RawImage { Width = image.Width, Height = image.Height, Channels = channels, Pixels = pixels };
    }

    /// <summary>
    /// High-quality resize to exactly <paramref name="width"/> x <paramref name="height"/>: bicubic (Mitchell) when
    /// enlarging or reducing a little, trilinear mipmaps when reducing by more than half, where cubic taps alias.
    /// </summary>
    public static DecodedImage Resize(DecodedImage image, int width, int height)
    {
        Check(image);
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"{width}x{height} is empty");
        if (width == image.Width && height == image.Height) return image with { Rgba = (byte[])image.Rgba.Clone() };

        var shrink = Math.Min((double)width / image.Width, (double)height / image.Height) < 0.5;
        var sampling = shrink
            ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)
            : new SKSamplingOptions(SKCubicResampler.Mitchell);

        var result = new DecodedImage(width, height, new byte[(long)width * height * 4]);
        using var source = Pixmap(image, out var sourceHandle);
        using var target = Pixmap(result, out var targetHandle);
        try
        {
            using var sourceImage = SKImage.FromPixels(source);
            if (!sourceImage.ScalePixels(target, sampling))
                throw new InvalidOperationException($"SkiaSharp could not resize {image.Width}x{image.Height} to {width}x{height}.");
        }
        finally
        {
            sourceHandle.Free();
            targetHandle.Free();
        }
        return result;
    }

    /// <summary>The box <paramref name="x"/>, <paramref name="y"/>, <paramref name="width"/> x <paramref name="height"/>, which must lie inside the image.</summary>
    public static DecodedImage Crop(DecodedImage image, int x, int y, int width, int height)
    {
        Check(image);
        if (x < 0 || y < 0 || width <= 0 || height <= 0 || (long)x + width > image.Width || (long)y + height > image.Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"box {x},{y} {width}x{height} is not inside {image.Width}x{image.Height}");

        var rgba = new byte[(long)width * height * 4];
        var rowBytes = width * 4;
        for (var row = 0; row < height; row++)
        {
            var from = ((long)(y + row) * image.Width + x) * 4;
            Array.Copy(image.Rgba, from, rgba, (long)row * rowBytes, rowBytes);
        }
        return new DecodedImage(width, height, rgba);
    }

    /// <summary>
    /// Turns the pixels upright as the file's EXIF orientation says (phone photos are stored sideways and
    /// tagged); what a viewer shows is what a job must get. Each output pixel is fetched from its source position.
    /// </summary>
    public static DecodedImage Oriented(DecodedImage image, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or 0) return image;
        var (w, h) = (image.Width, image.Height);
        var swaps = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (ow, oh) = swaps ? (h, w) : (w, h);
        var source = MemoryMarshal.Cast<byte, uint>(image.Rgba.AsSpan());
        var rgba = new byte[image.Rgba.LongLength];
        var target = MemoryMarshal.Cast<byte, uint>(rgba.AsSpan());
        for (var y = 0; y < oh; y++)
        for (var x = 0; x < ow; x++)
        {
            var (sx, sy) = origin switch
            {
                SKEncodedOrigin.TopRight => (w - 1 - x, y),
                SKEncodedOrigin.BottomRight => (w - 1 - x, h - 1 - y),
                SKEncodedOrigin.BottomLeft => (x, h - 1 - y),
                SKEncodedOrigin.LeftTop => (y, x),
                SKEncodedOrigin.RightTop => (y, h - 1 - x),
                SKEncodedOrigin.RightBottom => (w - 1 - y, h - 1 - x),
                SKEncodedOrigin.LeftBottom => (w - 1 - y, x),
                _ => (x, y),
            };
            target[y * ow + x] = source[sy * w + sx];
        }
        return new DecodedImage(ow, oh, rgba);
    }

    /// <summary>The API's name of a format: png, jpeg, webp, gif, bmp.</summary>
    public static string Name(SourceImageFormat format) => format.ToString().ToLowerInvariant();

    public static string Name(ImageFormat format) => format.ToString().ToLowerInvariant();

    private static SourceImageFormat? Sniffed(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Png => SourceImageFormat.Png,
        SKEncodedImageFormat.Jpeg => SourceImageFormat.Jpeg,
        SKEncodedImageFormat.Webp => SourceImageFormat.Webp,
        SKEncodedImageFormat.Gif => SourceImageFormat.Gif,
        SKEncodedImageFormat.Bmp => SourceImageFormat.Bmp,
        _ => null,
    };

    private static SKPixmap Pixmap(DecodedImage image, out GCHandle handle)
    {
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        handle = GCHandle.Alloc(image.Rgba, GCHandleType.Pinned);
        return new SKPixmap(info, handle.AddrOfPinnedObject(), info.RowBytes);
    }

    private static void Check(DecodedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width <= 0 || image.Height <= 0 || image.Rgba.LongLength != (long)image.Width * image.Height * 4)
            throw new ArgumentException($"a {image.Width}x{image.Height} RGBA image needs {(long)image.Width * image.Height * 4} bytes; got {image.Rgba.LongLength}.", nameof(image));
    }
}
