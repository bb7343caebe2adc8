using SdSupervised.Supervisor.Api.Jobs;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Events;

/// <summary>
/// The data of every job event: the live part of <c>GET /api/queue/job/{job_id}</c> (no params, no timestamps
/// of creation), so a client can merge it into the job it shows. <see cref="At"/> is when the event happened.
/// </summary>
public sealed record JobEventData(
    string JobId,
    string Type,
    JobStatus Status,
    int? Position,
    ProgressResponse? Progress,
    int Attempts,
    string? WorkerId,
    ErrorResponse? Error,
    IReadOnlyList<FailureResponse> Failures,
    IReadOnlyList<OutputResponse> Outputs,
    DateTimeOffset At)
{
    public static JobEventData From(Job job, DateTimeOffset at, int? position = null, JobProgress? progress = null) => new(
        job.Id,
        JobJson.EnumName(job.Type),
        job.Status,
        job.Status == JobStatus.Queued ? position : null,
        progress?.ToResponse(),
        job.Attempts,
        job.WorkerId,
        JobResponseMapper.Error(job),
        JobResponseMapper.Failures(job),
        JobResponseMapper.Outputs(job),
        at);
}
