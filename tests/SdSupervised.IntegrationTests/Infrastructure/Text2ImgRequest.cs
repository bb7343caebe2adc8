namespace SdSupervised.IntegrationTests.Infrastructure;

/// <summary>
/// Body of <c>POST /api/generate/text2img</c>. Nulls are left out of the JSON, so a test sends only what it sets.
/// The defaults are small on purpose: 64x64 and few steps keep the suite fast on two cores.
/// </summary>
public sealed record Text2ImgRequest
{
    public string? Prompt { get; init; } = "a lighthouse on a cliff at dusk";
    public string? NegativePrompt { get; init; }
    public int? Width { get; init; } = 64;
    public int? Height { get; init; } = 64;
    public int? Steps { get; init; } = 8;
    public double? CfgScale { get; init; }
    public string? SamplingMethod { get; init; }
    public string? Scheduler { get; init; }
    /// <summary>A number, -1, or "random"; declared as object so either goes out as written.</summary>
    public object? Seed { get; init; }
    public int? BatchCount { get; init; }
    public string? Model { get; init; }
    public int? ClipSkip { get; init; }
    public string? Fault { get; init; }
    public int? FaultAttempts { get; init; }
    public int? FaultStep { get; init; }
}
