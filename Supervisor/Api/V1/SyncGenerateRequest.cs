using System.Text.Json.Serialization;
using SdSupervised.Supervisor.Api.Generate;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.V1;

/// <summary>
/// Body of <c>POST /api/v1/generate</c>: text2img's fields, plus an optional <see cref="InitImage"/> (img2img) and
/// <see cref="MaskImage"/> (inpainting), and how long to wait at most.
/// </summary>
public sealed class SyncGenerateRequest : GenerationRequest
{
    public string? InitImage { get; set; }
    public string? MaskImage { get; set; }
    public float? Strength { get; set; }
    /// <summary>Seconds to wait for the result, at most <c>Sds:SyncWaitSeconds</c>; null = that maximum.</summary>
    public int? Timeout { get; set; }
    /// <summary>The seed's name for <see cref="GenerationRequest.BatchCount"/> on this route; it wins when both are sent.</summary>
    public int? BatchSize { get; set; }

    public JobType Mode => MaskImage is { Length: > 0 } ? JobType.Inpainting : InitImage is { Length: > 0 } ? JobType.Img2Img : JobType.Text2Img;

    public override GenerationParameters ToParameters() => base.ToParameters() with { Strength = Strength, BatchCount = BatchSize ?? BatchCount };
}

public sealed class SyncGenerateLookup
{
    public string JobId { get; set; } = "";
}

/// <summary>
/// The seed's synchronous answer: the job's state and, once completed, its images inline. <see cref="GenerationTime"/>
/// is the seconds from start to finish on the worker (null until finished).
/// </summary>
public sealed record SyncGenerateResponse(
    string JobId,
    JobStatus Status,
    IReadOnlyList<SyncImage> Images,
    double? GenerationTime,
    int? Position,
    Jobs.ErrorResponse? Error)
{
    /// <summary>Body fields nothing read (a typo, another server's field): accepted, and said back. Absent when none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? IgnoredFields { get; init; }
}

/// <summary>
/// One image: base64 PNG (with its A1111 <c>parameters</c> chunk), its seed, the seed's <c>parameters</c> object,
/// and the A1111 infotext of that chunk.
/// </summary>
public sealed record SyncImage(string Data, long Seed, SyncImageParameters Parameters, string Infotext);

/// <summary>The parameters of one image as the seed's README shows them.</summary>
public sealed record SyncImageParameters(
    string Prompt, string NegativePrompt, string? Model, int Width, int Height, int Steps, float CfgScale, long Seed, int BatchSize);
