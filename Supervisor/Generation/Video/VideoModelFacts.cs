using SdSupervised.Supervisor.Models.Detection;

namespace SdSupervised.Supervisor.Generation.Video;

/// <summary>What the catalog says about a video request's model, for <see cref="VideoRequestValidator"/> (no catalog access there).</summary>
/// <param name="ModelId">The catalog id the model name resolved to; null when it did not.</param>
/// <param name="Architecture">The model's detected architecture.</param>
/// <param name="Error">Why the model cannot be used (not found, companions missing); null when it can.</param>
/// <param name="HighNoisePartner">For Wan 2.2 A14B: the high-noise expert's catalog id, or null when none was found.</param>
/// <param name="HasClipVision">A CLIP vision encoder is in the catalog (I2V and FLF2V need one).</param>
public sealed record VideoModelFacts(string? ModelId, ModelArchitecture Architecture, string? Error, string? HighNoisePartner, bool HasClipVision)
{
    /// <summary>Wan 2.2 A14B samples with a high-noise and a low-noise expert.</summary>
    public bool IsWan22Pair => Architecture is ModelArchitecture.Wan22T2V or ModelArchitecture.Wan22I2V;

    public bool IsVideoModel => Architecture is ModelArchitecture.Wan21T2V or ModelArchitecture.Wan21I2V or ModelArchitecture.Wan21Flf2V
        or ModelArchitecture.Wan22T2V or ModelArchitecture.Wan22I2V or ModelArchitecture.Wan22Ti2V;

    /// <summary>Models that start from an image (I2V, FLF2V); Wan 2.2 TI2V takes one or not.</summary>
    public bool NeedsInitImage => Architecture is ModelArchitecture.Wan21I2V or ModelArchitecture.Wan21Flf2V or ModelArchitecture.Wan22I2V;

    public bool NeedsEndImage => Architecture is ModelArchitecture.Wan21Flf2V;

    /// <summary>Wan 2.1 I2V and FLF2V encode their frames with a CLIP vision tower.</summary>
    public bool NeedsClipVision => Architecture is ModelArchitecture.Wan21I2V or ModelArchitecture.Wan21Flf2V;
}
