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
        progress is { } p ? new ProgressResponse(p.Phase, p.Step, p.Steps, p.EtaSeconds, p.Preview) : null,
        job.Attempts,
        job.WorkerId,
        job.Error is { } e ? new ErrorResponse(e.Kind, e.Message) : null,
        job.Failures.Select(f => new FailureResponse(f.Kind, f.Message, f.WorkerId, f.At)).ToList(),
        job.Outputs.Select(o => new OutputResponse(o.Filename, job.Type == JobType.Convert ? null : JobResponseMapper.OutputUrl(job.Id, o.Filename), o.Seed, o.Width, o.Height)).ToList(),
        at);
}
