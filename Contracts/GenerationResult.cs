namespace SdSupervised.Contracts;

/// <summary>Outcome of a generation call; <see cref="Success"/> false is a clean <c>GenerationFailed</c>.</summary>
public sealed record GenerationResult
{
    public bool Success { get; init; }
    public string? Error { get; init; }
    public GeneratedImage[] Images { get; init; } = [];
    /// <summary>Time the engine itself spent generating, seconds (the benchmark compares it with end-to-end time).</summary>
    public double GenerationSeconds { get; init; }
    /// <summary>Device memory still in use once the job ended, as the engine knows it (recycling reads it); null when unknown.</summary>
    public long? DeviceMemoryUsedBytes { get; init; }
}

/// <summary>Raw pixels, row-major, <see cref="Channels"/> bytes per pixel (3 = RGB). Encoding is the supervisor's job.</summary>
public sealed record GeneratedImage
{
    public int Width { get; init; }
    public int Height { get; init; }
    public int Channels { get; init; }
    public byte[] Pixels { get; init; } = [];
    public long Seed { get; init; }
}
