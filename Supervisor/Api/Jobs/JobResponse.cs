using SdSupervised.Contracts;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Api.Jobs;

/// <summary>A job as <c>GET /api/queue/job/{job_id}</c> shows it.</summary>
public sealed record JobResponse(
    string JobId,
    string Type,
    JobStatus Status,
    int? Position,
    /// <summary>The job's place in submission order, given when it was stored; jobs start in this order (FIFO).</summary>
    long Sequence,
    ProgressResponse? Progress,
    int Attempts,
    IReadOnlyList<FailureResponse> Failures,
    ErrorResponse? Error,
    IReadOnlyList<OutputResponse> Outputs,
    string? WorkerId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    /// <summary>Who submitted it: a user, key or guest name; null when authentication is off.</summary>
    string? Owner,
    /// <summary>The job's request: <see cref="GenerationParameters"/>, <see cref="ConvertParameters"/> for a convert job, <see cref="UpscaleParameters"/> for an upscale job.</summary>
    object Params,
    /// <summary>Where each ended attempt's time went (queued, model load, engine, encoding, total), oldest first.</summary>
    IReadOnlyList<TimingsResponse> Timings);

/// <summary><see cref="Preview"/>: the latest preview, base64 PNG, when previews are on (<c>Sds:Previews:Enabled</c>); else null.</summary>
public sealed record ProgressResponse(ProgressPhase Phase, int Step, int Steps, double? EtaSeconds, string? Preview = null);

public sealed record FailureResponse(FailureKind Kind, string Message, string? WorkerId, DateTimeOffset At);

/// <summary>One attempt's timings, seconds; <see cref="TotalSeconds"/> is queued plus the attempt's wall time, the rest of it overhead.</summary>
public sealed record TimingsResponse(
    int Attempt, string? WorkerId, double QueuedSeconds, double LoadSeconds, double EngineSeconds, double EncodeSeconds, double TotalSeconds);

public sealed record ErrorResponse(FailureKind Kind, string Message);

/// <summary>
/// An image or a video (with its URL and content type: a video job's <c>video.mp4</c> is <c>video/mp4</c>), or for a
/// convert job the new model file: its path in the models directory, no URL and no content type.
/// </summary>
public sealed record OutputResponse(string Filename, string? Url, long Seed, int Width, int Height)
{
    [global::System.Text.Json.Serialization.JsonIgnore(Condition = global::System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? ContentType { get; init; }
}
