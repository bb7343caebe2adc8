namespace SdSupervised.Contracts;

/// <summary>Upscale one image with an ESRGAN model (the worker keeps the model loaded per path).</summary>
public sealed record UpscaleSpec
{
    public string JobId { get; init; } = "";
    /// <summary>Absolute path of the ESRGAN weights.</summary>
    public string ModelPath { get; init; } = "";
    public RawImage Image { get; init; } = new();
    /// <summary>Null: the model's own factor (ESRGAN models upscale by a fixed factor).</summary>
    public int? Factor { get; init; }
    /// <summary>Tile edge in pixels; null: the engine's default.</summary>
    public int? TileSize { get; init; }

    /// <summary>Additive, optional: the supervisor span this call continues; null when tracing is off.</summary>
    public TraceContext? Trace { get; init; }
}
