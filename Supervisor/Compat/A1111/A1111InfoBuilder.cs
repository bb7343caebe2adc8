using System.Globalization;
using System.Text.Json;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>Builds the <c>info</c> JSON string of a generation answer from the finished job, its images and the request.</summary>
public static class A1111InfoBuilder
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <param name="modelName">A1111's <c>sd_model_name</c>: the checkpoint's name without extension.</param>
    /// <param name="modelHash">The short hash when known.</param>
    public static A1111Info Build(A1111GenerationRequest request, Job job, IReadOnlyList<StoredImage> images, string? modelName, string? modelHash, string version)
    {
        var p = job.RequestAs<GenerationParameters>();
        var seeds = images.Count > 0
            ? images.Select(i => i.Seed).ToList()
            : Enumerable.Range(0, Math.Max(1, p.BatchCount)).Select(i => p.Seed + i).ToList();
        var count = Math.Max(images.Count, 1);
        var batchSize = Math.Max(1, request.BatchSize ?? 1);
        var hires = p.Hires is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>
        {
            ["Hires upscale"] = p.Hires.Scale,
            ["Hires resize"] = p.Hires.Width is null && p.Hires.Height is null ? null : $"{p.Hires.Width ?? 0}x{p.Hires.Height ?? 0}",
            ["Hires steps"] = p.Hires.Steps,
            ["Hires upscaler"] = p.Hires.Upscaler,
        };
        return new A1111Info
        {
            Prompt = p.Prompt,
            AllPrompts = Enumerable.Repeat(p.Prompt, count).ToList(),
            NegativePrompt = p.NegativePrompt,
            AllNegativePrompts = Enumerable.Repeat(p.NegativePrompt, count).ToList(),
            Seed = seeds[0],
            AllSeeds = seeds,
            Subseed = -1,
            AllSubseeds = seeds.Select(_ => -1L).ToList(),
            Width = p.Width,
            Height = p.Height,
            SamplerName = A1111Samplers.DisplayName(p.SamplingMethod),
            Scheduler = A1111Samplers.SchedulerLabel(p.Scheduler),
            CfgScale = p.CfgScale,
            Steps = p.Steps,
            BatchSize = batchSize,
            NIter = Math.Max(1, request.NIter ?? 1),
            SdModelName = modelName,
            SdModelHash = modelHash,
            SdVaeName = p.Vae,
            DenoisingStrength = p.Strength ?? p.Hires?.DenoisingStrength,
            ExtraGenerationParams = hires.Where(kv => kv.Value is not null).ToDictionary(),
            Infotexts = images.Select(i => i.Infotext).ToList(),
            Styles = [],
            JobTimestamp = Timestamp(job.StartedAt ?? job.CreatedAt),
            ClipSkip = A1111OverrideSettings.ClipSkipToA1111(p.ClipSkip),
            IsUsingInpaintingConditioning = job.Type == JobType.Inpainting,
            JobId = job.Id,
            Interrupted = job.Status == JobStatus.Cancelled,
            Version = version,
        };
    }

    public static string Serialize(A1111Info info) => JsonSerializer.Serialize(info, Options);

    /// <summary>A1111's <c>job_timestamp</c>: local-free <c>yyyyMMddHHmmss</c> (UTC here).</summary>
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
}
