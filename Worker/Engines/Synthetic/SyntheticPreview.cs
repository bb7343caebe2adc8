using SdSupervised.Contracts;

namespace SdSupervised.Worker.Engines.Synthetic;

/// <summary>
/// Previews like the library's latent projection: small (at most <see cref="MaxEdge"/> px, about an eighth of the
/// image like a latent) and, on the way, the final picture faded from grey by the fraction of steps done, so a
/// client sees it come out of the noise. Only every N-th step (and the last) carries one.
/// </summary>
public sealed class SyntheticPreview
{
    public const int MaxEdge = 64;

    private readonly int _every;
    private readonly byte[] _small;
    private readonly int _width;
    private readonly int _height;

    private SyntheticPreview(int every, byte[] small, int width, int height) => (_every, _small, _width, _height) = (every, small, width, height);

    /// <summary>Null when previews are off.</summary>
    public static SyntheticPreview? For(int? everySteps, byte[] rgb, int width, int height)
    {
        if (everySteps is not > 0)
            return null;
        var scale = Math.Min(1.0, MaxEdge / (double)Math.Max(width, height));
        var (w, h) = (Math.Max(1, (int)(width * scale)), Math.Max(1, (int)(height * scale)));
        return new SyntheticPreview(everySteps.Value, SyntheticImages.ResizeNearest(rgb, width, height, w, h, 3), w, h);
    }

    public RawImage? At(int step, int steps)
    {
        if (step % _every != 0 && step != steps)
            return null;
        var done = step / (double)steps;
        var pixels = new byte[_small.Length];
        for (var i = 0; i < pixels.Length; i++)
            pixels[i] = (byte)Math.Round((128 * (1 - done)) + (_small[i] * done));
        return new RawImage { Width = _width, Height = _height, Channels = 3, Pixels = pixels };
    }
}
