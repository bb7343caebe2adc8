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
    ProgressResponse? Progress,
    int Attempts,
    IReadOnlyList<FailureResponse> Failures,
    ErrorResponse? Error,
    IReadOnlyList<OutputResponse> Outputs,
    string? WorkerId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    Text2ImgParameters Params);

public sealed record ProgressResponse(ProgressPhase Phase, int Step, int Steps, double? EtaSeconds);

public sealed record FailureResponse(FailureKind Kind, string Message, string? WorkerId, DateTimeOffset At);

public sealed record ErrorResponse(FailureKind Kind, string Message);

public sealed record OutputResponse(string Filename, string Url, long Seed, int Width, int Height);
