using SdSupervised.Contracts;

namespace SdSupervised.Worker.Engines.Synthetic;

/// <summary>
/// LoRA stand-in: each LoRA washes the picture with its own colour in its own diagonal stripes, both drawn
/// from its file name (without folder or extension, so the same LoRA gives the same look on any machine).
/// The wash grows with the multiplier's size (0.4 per unit, at most 0.8); a negative multiplier uses the
/// complementary colour, and 0 leaves the picture untouched, as a LoRA at weight 0 does.
/// </summary>
public static class SyntheticLoraTint
{
    private const double AmountPerUnit = 0.4;
    private const double MaxAmount = 0.8;

    public static void Apply(Span<byte> rgb, int width, int height, IReadOnlyList<LoraSpec> loras)
    {
        foreach (var lora in loras)
        {
            if (lora.Multiplier != 0f)
                Apply(rgb, width, height, Path.GetFileNameWithoutExtension(lora.Path), lora.Multiplier);
        }
    }

    private static void Apply(Span<byte> rgb, int width, int height, string name, float multiplier)
    {
        var rng = new SplitMix64(SyntheticImageKey.Add(0x10AA_0001UL, name));
        int r = rng.NextByte(), g = rng.NextByte(), b = rng.NextByte();
        if (multiplier < 0f)
            (r, g, b) = (255 - r, 255 - g, 255 - b);
        // Stripes counted across the image, so the pattern scales with it like the painted scene does.
        double stripesX = rng.NextInt(1, 7), stripesY = rng.NextInt(1, 7), phase = rng.NextDouble();
        var amount = Math.Min(MaxAmount, AmountPerUnit * Math.Abs((double)multiplier));

        for (var y = 0; y < height; y++)
        {
            var rowPhase = phase + stripesY * y / height;
            var row = rgb.Slice(y * width * 3, width * 3);
            for (var x = 0; x < width; x++)
            {
                // Triangle wave in 0..1 (exact arithmetic only: no Math.Sin, whose last bit varies by platform).
                var u = rowPhase + stripesX * x / width;
                var wave = Math.Abs(u - Math.Floor(u) - 0.5) * 2;
                var w = (int)(256 * amount * (0.5 + 0.5 * wave));
                var keep = 256 - w;
                var p = x * 3;
                row[p] = (byte)((row[p] * keep + r * w + 128) >> 8);
                row[p + 1] = (byte)((row[p + 1] * keep + g * w + 128) >> 8);
                row[p + 2] = (byte)((row[p + 2] * keep + b * w + 128) >> 8);
            }
        }
    }
}
