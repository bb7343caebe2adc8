using SdSupervised.Contracts;

namespace SdSupervised.Worker.Engines.Synthetic;

/// <summary>
/// Request images brought to the generation's size and the layout each use needs: RGB for an init image,
/// one channel for a mask or a control image. Like the library (sd_image_to_tensor), an image of another
/// size is resized to the generation's, here by nearest neighbour so every output byte is a copy of an
/// input byte. Callers validate the images first (<see cref="Native.NativeImages.Validate"/>).
/// </summary>
public static class SyntheticImages
{
    /// <summary>RGB at <paramref name="width"/> x <paramref name="height"/>: gray is replicated, alpha dropped (as the native engine sends it).</summary>
    public static byte[] ToRgb(RawImage image, int width, int height)
    {
        var rgb = image.Channels switch
        {
            3 => image.Pixels,
            1 => Expand(image.Pixels),
            _ => DropAlpha(image.Pixels, image.Channels),
        };
        return ResizeNearest(rgb, image.Width, image.Height, width, height, 3);
    }

    /// <summary>
    /// One byte per pixel, 0 = keep, 255 = repaint: a gray mask as is, a colour mask by its brightest of R, G, B
    /// (as the native engine reduces it, so a white-on-black mask in any colour works; alpha is ignored).
    /// </summary>
    public static byte[] ToMask(RawImage image, int width, int height)
    {
        var mask = image.Channels == 1 ? image.Pixels : Reduce(image.Pixels, image.Channels, static (r, g, b) => Math.Max(r, Math.Max(g, b)));
        return ResizeNearest(mask, image.Width, image.Height, width, height, 1);
    }

    /// <summary>One byte per pixel of Rec. 601 luminance (integer weights 77/150/29, exact everywhere); gray as is.</summary>
    public static byte[] ToLuminance(RawImage image, int width, int height)
    {
        var luminance = image.Channels == 1 ? image.Pixels : Reduce(image.Pixels, image.Channels, static (r, g, b) => (77 * r + 150 * g + 29 * b + 128) >> 8);
        return ResizeNearest(luminance, image.Width, image.Height, width, height, 1);
    }

    /// <summary>Nearest-neighbour resize (destination pixel x takes source x * from / to); the same array when the size already matches.</summary>
    public static byte[] ResizeNearest(byte[] pixels, int fromWidth, int fromHeight, int toWidth, int toHeight, int channels)
    {
        if (fromWidth == toWidth && fromHeight == toHeight)
            return pixels;

        var result = GC.AllocateUninitializedArray<byte>(checked(toWidth * toHeight * channels));
        var columns = new int[toWidth];
        for (var x = 0; x < toWidth; x++)
            columns[x] = (int)((long)x * fromWidth / toWidth) * channels;

        for (var y = 0; y < toHeight; y++)
        {
            var source = pixels.AsSpan((int)((long)y * fromHeight / toHeight) * fromWidth * channels, fromWidth * channels);
            var row = result.AsSpan(y * toWidth * channels, toWidth * channels);
            for (var x = 0; x < toWidth; x++)
                source.Slice(columns[x], channels).CopyTo(row.Slice(x * channels, channels));
        }
        return result;
    }

    private static byte[] Expand(byte[] gray)
    {
        var rgb = GC.AllocateUninitializedArray<byte>(gray.Length * 3);
        for (var i = 0; i < gray.Length; i++)
            rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = gray[i];
        return rgb;
    }

    private static byte[] DropAlpha(byte[] pixels, int channels)
    {
        var count = pixels.Length / channels;
        var rgb = GC.AllocateUninitializedArray<byte>(count * 3);
        for (var i = 0; i < count; i++)
            pixels.AsSpan(i * channels, 3).CopyTo(rgb.AsSpan(i * 3, 3));
        return rgb;
    }

    private static byte[] Reduce(byte[] pixels, int channels, Func<int, int, int, int> reduce)
    {
        var count = pixels.Length / channels;
        var result = GC.AllocateUninitializedArray<byte>(count);
        for (var i = 0; i < count; i++)
        {
            var p = i * channels;
            result[i] = (byte)reduce(pixels[p], pixels[p + 1], pixels[p + 2]);
        }
        return result;
    }
}
