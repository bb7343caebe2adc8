namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// The arguments of the library's canny preprocessor (<c>preprocess_canny</c>) as a request gives them; null members
/// take sd-cli's <c>--canny</c> values (0.08, 0.08, 0.8, 1.0).
/// </summary>
public sealed record CannyParameters
{
    public float? HighThreshold { get; init; }
    public float? LowThreshold { get; init; }
    public float? Weak { get; init; }
    public float? Strong { get; init; }
    public bool Inverse { get; init; }
}
