using SdSupervised.Contracts;

namespace SdSupervised.Worker.Engines.Synthetic;

/// <summary>
/// Reference images and PhotoMaker stand-in: the mean colour of the images washes the picture, so a test can tell
/// the images arrived and which ones. Reference images wash all of it by <see cref="RefWeight"/>; PhotoMaker's ID
/// images wash the centre (where a portrait's face is) by <see cref="IdWeight"/> scaled by <c>1 - style/100</c>, as a
/// higher style strength merges the identity later. Integer arithmetic only: the same bytes everywhere.
/// </summary>
public static class SyntheticIdentityTint
{
    public const float RefWeight = 0.5f;
    public const float IdWeight = 0.6f;

    /// <summary>The library's default style strength.</summary>
    public const float DefaultStyleStrength = 20f;

    public static void ApplyReferences(Span<byte> rgb, IReadOnlyList<RawImage> references)
    {
        if (references.Count > 0)
            Wash(rgb, 0, 0, rgb.Length / 3, 1, MeanColour(references), RefWeight);
    }

    public static void ApplyIdentity(Span<byte> rgb, int width, int height, PhotoMakerSpec? photoMaker)
    {
        if (photoMaker is not { IdImages.Length: > 0 } pm)
            return;
        var weight = IdWeight * (1 - Math.Clamp(pm.StyleStrength ?? DefaultStyleStrength, 0f, 100f) / 100f);
        // The centre half of each edge.
        Wash(rgb, width / 4 + height / 4 * width, width, width - 2 * (width / 4), height - 2 * (height / 4), MeanColour(pm.IdImages), weight);
    }

    /// <summary>Blends <paramref name="rows"/> rows of <paramref name="columns"/> pixels from pixel <paramref name="start"/> (row stride <paramref name="stride"/> pixels) towards a colour.</summary>
    private static void Wash(Span<byte> rgb, int start, int stride, int columns, int rows, (int R, int G, int B) colour, float weight)
    {
        var w = (int)MathF.Round(Math.Clamp(weight, 0f, 1f) * 256f);
        var keep = 256 - w;
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                var p = (start + row * stride + column) * 3;
                rgb[p] = (byte)((rgb[p] * keep + colour.R * w + 128) >> 8);
                rgb[p + 1] = (byte)((rgb[p + 1] * keep + colour.G * w + 128) >> 8);
                rgb[p + 2] = (byte)((rgb[p + 2] * keep + colour.B * w + 128) >> 8);
            }
        }
    }

    /// <summary>The mean R, G, B over every pixel of every image (gray counts for all three; alpha is ignored).</summary>
    public static (int R, int G, int B) MeanColour(IReadOnlyList<RawImage> images)
    {
        long r = 0, g = 0, b = 0, count = 0;
        foreach (var image in images)
        {
            var c = image.Channels;
            for (var i = 0; i + c <= image.Pixels.Length; i += c)
            {
                var (pr, pg, pb) = c >= 3 ? (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]) : (image.Pixels[i], image.Pixels[i], image.Pixels[i]);
                r += pr;
                g += pg;
                b += pb;
                count++;
            }
        }
        return count == 0 ? (0, 0, 0) : ((int)((r + count / 2) / count), (int)((g + count / 2) / count), (int)((b + count / 2) / count));
    }
}
