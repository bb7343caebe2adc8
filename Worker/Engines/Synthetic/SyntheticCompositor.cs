namespace SdSupervised.Worker.Engines.Synthetic;

/// <summary>
/// The pixel arithmetic behind img2img, inpainting and ControlNet in the synthetic engine. Integer fixed
/// point only, so results are the same bytes everywhere and the end points are exact: weight 0 gives the
/// first image byte for byte, weight 1 the second; a mask value of 0 keeps a pixel, 255 replaces it.
/// </summary>
public static class SyntheticCompositor
{
    /// <summary>Per-byte <c>from + (to - from) * weight</c>, weight clamped to 0..1 and quantized to 1/256.</summary>
    public static byte[] Blend(byte[] from, byte[] to, float weight)
    {
        if (from.Length != to.Length)
            throw new ArgumentException($"cannot blend {from.Length} bytes with {to.Length}", nameof(to));

        var w = (int)MathF.Round(Math.Clamp(weight, 0f, 1f) * 256f);
        if (w == 0)
            return (byte[])from.Clone();
        if (w == 256)
            return (byte[])to.Clone();

        var result = GC.AllocateUninitializedArray<byte>(from.Length);
        var keep = 256 - w;
        for (var i = 0; i < result.Length; i++)
            result[i] = (byte)((from[i] * keep + to[i] * w + 128) >> 8);
        return result;
    }

    /// <summary>
    /// Inpainting: each pixel of <paramref name="keep"/> and <paramref name="repaint"/> (3 channels) mixed by the
    /// one-channel <paramref name="mask"/>, linearly: 0 = keep exactly, 255 = repaint exactly.
    /// </summary>
    public static byte[] MaskBlend(byte[] keep, byte[] repaint, byte[] mask)
    {
        if (keep.Length != repaint.Length || keep.Length != mask.Length * 3)
            throw new ArgumentException($"mask of {mask.Length} pixels does not fit images of {keep.Length} and {repaint.Length} bytes", nameof(mask));

        var result = GC.AllocateUninitializedArray<byte>(keep.Length);
        for (var pixel = 0; pixel < mask.Length; pixel++)
        {
            int m = mask[pixel];
            var k = 255 - m;
            for (var c = pixel * 3; c < pixel * 3 + 3; c++)
                result[c] = (byte)((keep[c] * k + repaint[c] * m + 127) / 255);
        }
        return result;
    }

    /// <summary>
    /// ControlNet stand-in: darkens each pixel where the control image is dark, in place. The factor is
    /// <c>1 - 0.75 * strength * (1 - luminance)</c>, clamped to 0..2: a white control pixel leaves the picture
    /// alone, a black one at strength 0.9 keeps about a third of it, so the control's shapes show through.
    /// </summary>
    public static void Modulate(Span<byte> rgb, ReadOnlySpan<byte> luminance, float strength)
    {
        if (rgb.Length != luminance.Length * 3)
            throw new ArgumentException($"control of {luminance.Length} pixels does not fit an image of {rgb.Length} bytes", nameof(luminance));

        // One fixed-point factor (1/256) per luminance value.
        Span<int> factors = stackalloc int[256];
        for (var l = 0; l < 256; l++)
        {
            var factor = Math.Clamp(1.0 - 0.75 * strength * (255 - l) / 255.0, 0.0, 2.0);
            factors[l] = (int)Math.Round(factor * 256);
        }

        for (var pixel = 0; pixel < luminance.Length; pixel++)
        {
            var f = factors[luminance[pixel]];
            for (var c = pixel * 3; c < pixel * 3 + 3; c++)
                rgb[c] = (byte)Math.Min(255, (rgb[c] * f + 128) >> 8);
        }
    }
}
