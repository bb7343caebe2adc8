using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.Jobs;

public static class JobResponseMapper
{
    public static JobResponse ToResponse(this JobSnapshot snapshot)
    {
        var job = snapshot.Job;
        return new JobResponse(
            job.Id,
            JobJson.EnumName(job.Type),
            job.Status,
            job.Status == JobStatus.Queued ? snapshot.Position : null,
            job.Status == JobStatus.Running && snapshot.Progress is { } p ? new ProgressResponse(p.Phase, p.Step, p.Steps, p.EtaSeconds, p.Preview) : null,
            job.Attempts,
            job.Failures.Select(f => new FailureResponse(f.Kind, f.Message, f.WorkerId, f.At)).ToList(),
            job.Error is { } e ? new ErrorResponse(e.Kind, e.Message) : null,
            job.Outputs.Select(o => new OutputResponse(o.Filename, job.Type == JobType.Convert ? null : OutputUrl(job.Id, o.Filename), o.Seed, o.Width, o.Height)).ToList(),
            job.WorkerId,
            job.CreatedAt,
            job.StartedAt,
            job.CompletedAt,
            job.Type switch
            {
                JobType.Convert => job.Convert!,
                JobType.Upscale => job.Upscale!,
                _ => job.Parameters,
            });
    }

    public static string OutputUrl(string jobId, string filename) =>
        $"/api/v1/jobs/{Uri.EscapeDataString(jobId)}/output/{Uri.EscapeDataString(filename)}";
}
