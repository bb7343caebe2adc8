using System.ComponentModel.DataAnnotations;

namespace SdSupervised.Supervisor.Configuration;

/// <summary>Request limits enforced by validation.</summary>
public sealed class LimitsOptions
{
    [Range(8, 16384)] public int MinSize { get; set; } = 64;
    [Range(8, 16384)] public int MaxSize { get; set; } = 2048;
    [Range(1, 10000)] public int MaxSteps { get; set; } = 150;
    [Range(1, 1000)] public int MaxBatch { get; set; } = 16;
    [Range(1, 1_000_000)] public int MaxPromptLength { get; set; } = 20_000;
}
