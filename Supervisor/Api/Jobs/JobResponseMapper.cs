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
            job.Sequence,
            job.Status == JobStatus.Running ? snapshot.Progress?.ToResponse() : null,
            job.Attempts,
            Failures(job),
            Error(job),
            Outputs(job),
            job.WorkerId,
            job.CreatedAt,
            job.StartedAt,
            job.CompletedAt,
            job.Owner,
            // As its own type (object), not as JobRequest: params is the request's fields, without the stored kind.
            (object)job.Request,
            Timings(job));
    }

    // The parts a job event shares with this view (Events/JobEventData), so the two cannot drift apart.

    public static ProgressResponse ToResponse(this JobProgress p) => new(p.Phase, p.Step, p.Steps, p.EtaSeconds, p.Preview);

    public static IReadOnlyList<FailureResponse> Failures(Job job) =>
        job.Failures.Select(f => new FailureResponse(f.Kind, f.Message, f.WorkerId, f.At)).ToList();

    public static IReadOnlyList<TimingsResponse> Timings(Job job) =>
        job.Timings.Select(t => new TimingsResponse(t.Attempt, t.WorkerId, Round(t.QueuedSeconds), Round(t.LoadSeconds), Round(t.EngineSeconds),
            Round(t.EncodeSeconds), Round(t.TotalSeconds))).ToList();

    // Milliseconds are all an operator reads; fewer digits keep the JSON short.
    private static double Round(double seconds) => Math.Round(seconds, 4);

    public static ErrorResponse? Error(Job job) => job.Error is { } e ? new ErrorResponse(e.Kind, e.Message) : null;

    /// <summary>Images with their URL; a convert job's output is a model file, with no URL.</summary>
    public static IReadOnlyList<OutputResponse> Outputs(Job job) =>
        job.Outputs.Select(o => job.Request is ConvertParameters
            ? new OutputResponse(o.Filename, null, o.Seed, o.Width, o.Height)
            : new OutputResponse(o.Filename, OutputUrl(job.Id, o.Filename), o.Seed, o.Width, o.Height) { ContentType = SdSupervised.Supervisor.Outputs.OutputContentTypes.For(o.Filename) }).ToList();

    public static string OutputUrl(string jobId, string filename) =>
        $"/api/v1/jobs/{Uri.EscapeDataString(jobId)}/output/{Uri.EscapeDataString(filename)}";
}
