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
    /// <summary>Queued jobs (not counting running ones) before submits answer 429 with Retry-After.</summary>
    [Range(1, 1_000_000)] public int MaxQueueLength { get; set; } = 1000;
    /// <summary>Largest request body, bytes (413 above it). Base64 images make bodies large: 4/3 of the image.</summary>
    [Range(1024, 2_147_483_647)] public long MaxRequestBodyBytes { get; set; } = 64L * 1024 * 1024;
    /// <summary>Largest input image, bytes as encoded (upload, base64 decoded, or downloaded); 413 above it.</summary>
    [Range(1024, 2_147_483_647)] public long MaxUploadBytes { get; set; } = 32L * 1024 * 1024;
    /// <summary>Largest input image in pixels (width x height) once decoded.</summary>
    [Range(64, 1_000_000_000)] public long MaxInputPixels { get; set; } = 64L * 1024 * 1024;
    /// <summary>Most <c>ref_images</c> per job (each is encoded with the prompt, so each costs memory and time).</summary>
    [Range(1, 64)] public int MaxRefImages { get; set; } = 4;
    /// <summary>Most PhotoMaker <c>pm_id_images</c> per job.</summary>
    [Range(1, 64)] public int MaxPmIdImages { get; set; } = 8;
}
