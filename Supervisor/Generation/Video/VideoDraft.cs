using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Generation.Video;

/// <summary>A video request before its checks: models by the names the request gave, seed -1 for random, images decoded.</summary>
public sealed record VideoDraft
{
    /// <summary>Every field but the image file names and catalog ids, which submit fills in.</summary>
    public VideoParameters Parameters { get; init; } = new();
    /// <summary>The Wan 2.2 high-noise expert by name; null: the catalog's partner of <see cref="VideoParameters.Model"/>.</summary>
    public string? HighNoiseModel { get; init; }
    public DecodedImage? InitImage { get; init; }
    public DecodedImage? EndImage { get; init; }
}
