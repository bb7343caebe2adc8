namespace SdSupervised.Contracts;

/// <summary>Skip-layer guidance (SLG); null members keep the library's defaults.</summary>
public sealed record SkipLayerGuidanceSpec
{
    public int[] Layers { get; init; } = [];
    public float? Scale { get; init; }
    public float? LayerStart { get; init; }
    public float? LayerEnd { get; init; }
}
