using System.Buffers;

namespace SdSupervised.Worker.Engines.Synthetic;

/// <summary>
/// Paints a deterministic landscape (sky gradient, haze bands, a sun, translucent bubbles, three mountain
/// ridges, film grain) from a 64-bit key into RGB pixels. Only integer and IEEE-exact double arithmetic
/// (+ - * / sqrt) is used, so a key gives the same bytes on any machine. Row by row with spans and
/// no per-pixel allocation: a 2048x2048 image takes a few tens of milliseconds.
/// </summary>
public static class SyntheticImagePainter
{
    public const int Channels = 3;

    private const int LayerCount = 3;

    /// <summary>Index offset into <see cref="ClampTable"/>, so value + grain (-4..+3) never indexes below 0.</summary>
    private const int GrainBias = 8;

    /// <summary>Saturating byte for value + <see cref="GrainBias"/>: a table load instead of two branches per channel.</summary>
    private static readonly byte[] ClampTable = Enumerable.Range(-GrainBias, 256 + 2 * GrainBias).Select(v => (byte)Math.Clamp(v, 0, 255)).ToArray();

    public static byte[] Paint(int width, int height, ulong key)
    {
        var pixels = GC.AllocateUninitializedArray<byte>(checked(width * height * Channels));
        Paint(pixels, width, height, key);
        return pixels;
    }

    public static void Paint(Span<byte> pixels, int width, int height, ulong key)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (pixels.Length != width * height * Channels)
            throw new ArgumentException($"Expected {width * height * Channels} bytes for {width}x{height} RGB, got {pixels.Length}.", nameof(pixels));

        var scene = Scene.Create(width, height, key);
        var ridges = ArrayPool<int>.Shared.Rent(width * LayerCount);
        try
        {
            for (var layer = 0; layer < LayerCount; layer++)
                scene.Mountains[layer].FillRidge(ridges.AsSpan(layer * width, width), width, height);

            for (var y = 0; y < height; y++)
                PaintRow(pixels.Slice(y * width * Channels, width * Channels), y, width, height, scene, ridges, key);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ridges);
        }
    }

    private static void PaintRow(Span<byte> row, int y, int width, int height, Scene scene, int[] ridges, ulong key)
    {
        // Sky: vertical gradient from the zenith colour to the horizon colour.
        var t = Math.Min(1.0, (double)y / scene.HorizonY);
        Fill(row, Rgb.Lerp(scene.SkyTop, scene.SkyHorizon, t));

        foreach (var band in scene.Bands)
        {
            if (y >= band.Top && y < band.Bottom)
                Blend(row, 0, width, band.Color, shift: 2);
        }

        // Sun: a disc, brighter towards its horizontal centre line.
        var sun = scene.Sun;
        if (SpanOf(sun.X, sun.Y, sun.Radius, y, width, out var sunFrom, out var sunTo))
        {
            var edge = Math.Abs(y - sun.Y) / sun.Radius;
            Fill(row[(sunFrom * Channels)..(sunTo * Channels)], Rgb.Lerp(sun.Color, scene.SkyHorizon, 0.35 * edge * edge));
        }

        foreach (var bubble in scene.Bubbles)
        {
            if (SpanOf(bubble.X, bubble.Y, bubble.Radius, y, width, out var from, out var to))
                Blend(row, from, to, bubble.Color, shift: 1);
        }

        // Mountains (each layer darker with depth below its base line) and grain in one pass over the row:
        // the front-most layer that covers a pixel wins, then -4..+3 of luminance noise from a per-row xorshift32.
        var colors = (stackalloc Rgb[LayerCount]);
        for (var layer = 0; layer < LayerCount; layer++)
        {
            var mountain = scene.Mountains[layer];
            var depth = Math.Clamp((y - mountain.Base) / (double)height, 0, 1);
            colors[layer] = Rgb.Lerp(mountain.Color, Rgb.Black, 0.6 * depth);
        }

        var back = ridges.AsSpan(0, width);
        var middle = ridges.AsSpan(width, width);
        var front = ridges.AsSpan(2 * width, width);
        var clamp = ClampTable.AsSpan();
        var state = (uint)SplitMix64.Mix(key ^ ((ulong)y * 0xD1B54A32D192ED03UL)) | 1u;
        for (var x = 0; x < width; x++)
        {
            var p = x * Channels;
            var layer = y >= front[x] ? 2 : y >= middle[x] ? 1 : y >= back[x] ? 0 : -1;
            var sky = layer < 0;
            var color = sky ? default : colors[layer];
            int r = sky ? row[p] : color.R;
            int g = sky ? row[p + 1] : color.G;
            int b = sky ? row[p + 2] : color.B;

            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            var offset = (int)(state >> 29) - 4 + GrainBias;
            row[p] = clamp[r + offset];
            row[p + 1] = clamp[g + offset];
            row[p + 2] = clamp[b + offset];
        }
    }

    /// <summary>Column range [from, to) covered by a disc on row y; false when the row misses it.</summary>
    private static bool SpanOf(double cx, double cy, double radius, int y, int width, out int from, out int to)
    {
        from = to = 0;
        var dy = y + 0.5 - cy;
        if (Math.Abs(dy) >= radius)
            return false;
        var half = Math.Sqrt(radius * radius - dy * dy);
        from = Math.Clamp((int)(cx - half), 0, width);
        to = Math.Clamp((int)(cx + half) + 1, 0, width);
        return to > from;
    }

    private static void Fill(Span<byte> span, Rgb color)
    {
        if (span.Length < Channels)
            return;
        span[0] = color.R;
        span[1] = color.G;
        span[2] = color.B;
        // Doubling copies: log2(width) block copies instead of a per-pixel loop.
        var filled = Channels;
        while (filled < span.Length)
        {
            var count = Math.Min(filled, span.Length - filled);
            span[..count].CopyTo(span[filled..]);
            filled += count;
        }
    }

    /// <summary>Mixes <paramref name="color"/> into columns [from, to) with weight 1/2^shift.</summary>
    private static void Blend(Span<byte> row, int from, int to, Rgb color, int shift)
    {
        for (var x = from; x < to; x++)
        {
            var p = x * Channels;
            row[p] = (byte)(row[p] + ((color.R - row[p]) >> shift));
            row[p + 1] = (byte)(row[p + 1] + ((color.G - row[p + 1]) >> shift));
            row[p + 2] = (byte)(row[p + 2] + ((color.B - row[p + 2]) >> shift));
        }
    }

    private readonly record struct Rgb(byte R, byte G, byte B)
    {

        public static Rgb Black => new(0, 0, 0);

        public static Rgb Random(ref SplitMix64 rng, int min = 0, int max = 256) =>
            new(rng.NextByte(min, max), rng.NextByte(min, max), rng.NextByte(min, max));

        public static Rgb Lerp(Rgb a, Rgb b, double t) => new(
            (byte)(a.R + (b.R - a.R) * t),
            (byte)(a.G + (b.G - a.G) * t),
            (byte)(a.B + (b.B - a.B) * t));
    }

    private readonly record struct Disc(double X, double Y, double Radius, Rgb Color);

    private readonly record struct Band(int Top, int Bottom, Rgb Color);

    /// <summary>A ridge line from two octaves of smoothly interpolated random heights.</summary>
    private sealed class Mountain(double baseY, double amplitude, double[] coarse, double[] fine, Rgb color)
    {
        public double Base { get; } = baseY;
        public Rgb Color { get; } = color;

        public void FillRidge(Span<int> ridge, int width, int height)
        {
            for (var x = 0; x < width; x++)
            {
                var u = (x + 0.5) / width;
                var v = Noise(coarse, u) + 0.3 * Noise(fine, u);
                ridge[x] = (int)Math.Clamp(Base - amplitude * v, 0, height);
            }
        }

        private static double Noise(double[] points, double u)
        {
            var position = u * (points.Length - 1);
            var i = Math.Min((int)position, points.Length - 2);
            var f = position - i;
            var s = f * f * (3 - 2 * f);
            return points[i] + (points[i + 1] - points[i]) * s;
        }
    }

    private sealed class Scene
    {
        public required double HorizonY { get; init; }
        public required Rgb SkyTop { get; init; }
        public required Rgb SkyHorizon { get; init; }
        public required Disc Sun { get; init; }
        public required Disc[] Bubbles { get; init; }
        public required Band[] Bands { get; init; }
        public required Mountain[] Mountains { get; init; }

        public static Scene Create(int width, int height, ulong key)
        {
            var rng = new SplitMix64(key);
            var size = Math.Min(width, height);

            var skyTop = Rgb.Random(ref rng, 0, 160);
            var skyHorizon = Rgb.Lerp(Rgb.Random(ref rng, 96, 256), new Rgb(255, 236, 200), 0.3);
            var horizonY = height * rng.NextDouble(0.45, 0.7);

            var sun = new Disc(
                width * rng.NextDouble(0.15, 0.85),
                height * rng.NextDouble(0.1, 0.45),
                size * rng.NextDouble(0.05, 0.15),
                new Rgb(rng.NextByte(200), rng.NextByte(150), rng.NextByte(60, 200)));

            var bubbles = new Disc[rng.NextInt(3, 7)];
            for (var i = 0; i < bubbles.Length; i++)
            {
                bubbles[i] = new Disc(
                    width * rng.NextDouble(),
                    height * rng.NextDouble(0, 0.6),
                    size * rng.NextDouble(0.02, 0.08),
                    Rgb.Random(ref rng));
            }

            var bands = new Band[rng.NextInt(2, 5)];
            for (var i = 0; i < bands.Length; i++)
            {
                var top = (int)(height * rng.NextDouble(0, 0.5));
                bands[i] = new Band(top, top + Math.Max(1, (int)(height * rng.NextDouble(0.01, 0.04))), Rgb.Random(ref rng, 128));
            }

            var mountains = new Mountain[LayerCount];
            var mountainColor = Rgb.Random(ref rng, 40, 200);
            for (var layer = 0; layer < LayerCount; layer++)
            {
                var coarse = RandomPoints(ref rng, 3 + 2 * layer + rng.NextInt(0, 3));
                var fine = RandomPoints(ref rng, 12 + 6 * layer + rng.NextInt(0, 6));
                mountains[layer] = new Mountain(
                    baseY: height * (0.58 + 0.14 * layer + rng.NextDouble(0, 0.05)),
                    amplitude: height * rng.NextDouble(0.12, 0.28) / (layer + 1),
                    coarse,
                    fine,
                    Rgb.Lerp(mountainColor, Rgb.Random(ref rng, 0, 120), 0.25 + 0.25 * layer));
            }

            return new Scene
            {
                HorizonY = horizonY,
                SkyTop = skyTop,
                SkyHorizon = skyHorizon,
                Sun = sun,
                Bubbles = bubbles,
                Bands = bands,
                Mountains = mountains,
            };
        }

        private static double[] RandomPoints(ref SplitMix64 rng, int count)
        {
            var points = new double[count + 1];
            for (var i = 0; i < points.Length; i++)
                points[i] = rng.NextDouble();
            return points;
        }
    }
}
