using SdSupervised.Contracts;

namespace SdSupervised.Worker.Engines.Synthetic;

/// <summary>
/// The canny stand-in: a Sobel gradient of the luminance, normalised to its largest value, then the library's
/// double threshold (at or above high: <c>strong</c>, at or above low: <c>weak</c>, else black) and its inversion.
/// Simpler than the library's (no blur, no non-maximum suppression, no hysteresis), but the same shape of result:
/// an edge map that is bright on edges and black elsewhere, the same bytes on every machine.
/// </summary>
public static class SyntheticCanny
{
    /// <summary>The edge map of a one-channel image (0..255), same size.</summary>
    public static byte[] EdgeMap(byte[] luminance, int width, int height, CannySpec canny)
    {
        var magnitude = new int[luminance.Length];
        var max = 0;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                int At(int dx, int dy) => luminance[Math.Clamp(y + dy, 0, height - 1) * width + Math.Clamp(x + dx, 0, width - 1)];
                var gx = At(1, -1) + 2 * At(1, 0) + At(1, 1) - At(-1, -1) - 2 * At(-1, 0) - At(-1, 1);
                var gy = At(-1, -1) + 2 * At(0, -1) + At(1, -1) - At(-1, 1) - 2 * At(0, 1) - At(1, 1);
                // |gx| + |gy|: integer only, so exact everywhere (the library uses the hypotenuse).
                var m = Math.Abs(gx) + Math.Abs(gy);
                magnitude[y * width + x] = m;
                max = Math.Max(max, m);
            }
        }

        var high = canny.HighThreshold ?? CannySpec.DefaultHighThreshold;
        var low = canny.LowThreshold ?? CannySpec.DefaultLowThreshold;
        var weak = (byte)MathF.Round(255 * (canny.Weak ?? CannySpec.DefaultWeak));
        var strong = (byte)MathF.Round(255 * (canny.Strong ?? CannySpec.DefaultStrong));
        var edges = new byte[luminance.Length];
        for (var i = 0; i < edges.Length; i++)
        {
            var g = max == 0 ? 0f : (float)magnitude[i] / max;
            var value = g >= high && max > 0 ? strong : g >= low && max > 0 ? weak : (byte)0;
            edges[i] = canny.Inverse ? (byte)(255 - value) : value;
        }
        return edges;
    }
}
