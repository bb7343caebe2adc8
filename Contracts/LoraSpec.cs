namespace SdSupervised.Contracts;

/// <summary>One LoRA applied to a generation; the supervisor resolves the name to an absolute path.</summary>
public sealed record LoraSpec
{
    public string Path { get; init; } = "";
    public float Multiplier { get; init; } = 1.0f;
    /// <summary>Applies to the high-noise diffusion model of a two-stage (Wan 2.2) model.</summary>
    public bool IsHighNoise { get; init; }
}
