namespace SdSupervised.Supervisor.Images;

/// <summary>How a resize fits a width x height box.</summary>
public enum ResizeMode
{
    /// <summary>Exactly the box, aspect ratio ignored.</summary>
    Stretch,
    /// <summary>As large as fits inside the box, aspect kept (one side may be smaller).</summary>
    Fit,
    /// <summary>Covers the box, aspect kept, then centre-cropped to exactly the box.</summary>
    Fill,
}
