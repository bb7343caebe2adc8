namespace SdSupervised.Supervisor.Models.Detection;

/// <summary>Generation settings that suit an architecture (sd.cpp's docs for the pinned tag); hints, never enforced.</summary>
public sealed record RecommendedDefaults
{
    public float CfgScale { get; init; } = 7;
    public string SamplingMethod { get; init; } = "euler_a";
    public string? Scheduler { get; init; }
    public int Steps { get; init; } = 20;
    public int Width { get; init; } = 512;
    public int Height { get; init; } = 512;
    /// <summary>Flow models' shift; null leaves the library's default.</summary>
    public float? FlowShift { get; init; }
    /// <summary>Distilled guidance (Flux); null when the model has none.</summary>
    public float? Guidance { get; init; }
    /// <summary>Keep the text encoders on the CPU to save GPU memory (big T5/LLM encoders).</summary>
    public bool ClipOnCpu { get; init; }
    public bool OffloadToCpu { get; init; }
    public bool DiffusionFlashAttention { get; init; }
    public string? Notes { get; init; }
}
