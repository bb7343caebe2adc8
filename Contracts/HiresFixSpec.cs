namespace SdSupervised.Contracts;

/// <summary>Second, upscaled sampling pass ("hires fix"); null members keep the library's defaults.</summary>
public sealed record HiresFixSpec
{
    /// <summary>The library's upscaler name, e.g. <c>Latent</c>, <c>Lanczos</c>, <c>Model</c> (then <see cref="ModelPath"/>).</summary>
    public string? Upscaler { get; init; }
    public string? ModelPath { get; init; }
    public float? Scale { get; init; }
    public int? TargetWidth { get; init; }
    public int? TargetHeight { get; init; }
    public int? Steps { get; init; }
    public float? DenoisingStrength { get; init; }
    public int? TileSize { get; init; }
}
