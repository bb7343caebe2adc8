using SdSupervised.Contracts;
using SdSupervised.Worker.Native;

namespace SdSupervised.Worker.Engines.Native;

/// <summary>Pixels across the boundary: request images into arena memory (in the channel count the library expects), results copied out.</summary>
public static unsafe class NativeImages
{
    /// <summary>Why the image cannot be used, or null.</summary>
    public static string? Validate(RawImage image, string what)
    {
        if (image.Width <= 0 || image.Height <= 0)
            return $"{what} has no size ({image.Width}x{image.Height})";
        if (image.Channels is not (1 or 3 or 4))
            return $"{what} has {image.Channels} channels; use 1 (gray), 3 (RGB) or 4 (RGBA)";
        var expected = (long)image.Width * image.Height * image.Channels;
        if (image.Pixels.LongLength != expected)
            return $"{what} is {image.Width}x{image.Height}x{image.Channels} but carries {image.Pixels.LongLength} bytes, not {expected}";
        return null;
    }

    /// <summary>
    /// Copies <paramref name="image"/> into arena memory with <paramref name="channels"/> channels: 3 for images
    /// (gray is replicated, alpha dropped), 1 for masks (the brightest of R, G, B, so a white-on-black mask in any
    /// colour works). Call <see cref="Validate"/> first.
    /// </summary>
    public static SdImage ToNative(RawImage image, int channels, NativeArena arena)
    {
        if (channels is not (1 or 3))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "the library takes 1- or 3-channel images");
        var pixels = image.Width * image.Height;
        var data = arena.Zeroed<byte>(pixels * channels);
        var output = new Span<byte>(data, pixels * channels);
        ReadOnlySpan<byte> input = image.Pixels;
        var from = image.Channels;

        if (from == channels)
        {
            input.CopyTo(output);
        }
        else if (channels == 3)
        {
            for (var i = 0; i < pixels; i++)
            {
                if (from == 1)
                {
                    output[i * 3] = output[i * 3 + 1] = output[i * 3 + 2] = input[i];
                }
                else
                {
                    output[i * 3] = input[i * from];
                    output[i * 3 + 1] = input[i * from + 1];
                    output[i * 3 + 2] = input[i * from + 2];
                }
            }
        }
        else
        {
            for (var i = 0; i < pixels; i++)
                output[i] = Math.Max(input[i * from], Math.Max(input[i * from + 1], input[i * from + 2]));
        }

        return new SdImage { Width = (uint)image.Width, Height = (uint)image.Height, Channel = (uint)channels, Data = data };
    }

    /// <summary>A managed copy of one image the library returned (the caller still frees the library's memory).</summary>
    public static GeneratedImage FromNative(in SdImage image, long seed)
    {
        var length = checked((int)((long)image.Width * image.Height * image.Channel));
        var pixels = GC.AllocateUninitializedArray<byte>(length);
        if (length > 0)
            new ReadOnlySpan<byte>(image.Data, length).CopyTo(pixels);
        return new GeneratedImage
        {
            Width = (int)image.Width,
            Height = (int)image.Height,
            Channels = (int)image.Channel,
            Pixels = pixels,
            Seed = seed,
        };
    }
}
