namespace SdSupervised.Contracts;

/// <summary>
/// The arguments of the library's <c>preprocess_canny</c>; null members take sd-cli's <c>--canny</c> values
/// (<see cref="DefaultHighThreshold"/> and the others), since the C function has no defaults of its own.
/// </summary>
public sealed record CannySpec
{
    public const float DefaultHighThreshold = 0.08f;
    public const float DefaultLowThreshold = 0.08f;
    public const float DefaultWeak = 0.8f;
    public const float DefaultStrong = 1.0f;

    /// <summary>Gradient (0..1) at or above which a pixel is a strong edge.</summary>
    public float? HighThreshold { get; init; }
    /// <summary>Gradient (0..1) below which a pixel is no edge; between the two it is weak.</summary>
    public float? LowThreshold { get; init; }
    /// <summary>Gray level (0..1) of weak edges.</summary>
    public float? Weak { get; init; }
    /// <summary>Gray level (0..1) of strong edges.</summary>
    public float? Strong { get; init; }
    /// <summary>Dark edges on white instead of white on black.</summary>
    public bool Inverse { get; init; }
}
