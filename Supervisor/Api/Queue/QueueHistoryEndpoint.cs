using FastEndpoints;
using FluentValidation;
using SdSupervised.Supervisor.Api.Jobs;
using SdSupervised.Supervisor.Auth;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.Queue;

public sealed class QueueHistoryRequest
{
    /// <summary>Comma-separated statuses: <c>completed,failed</c>.</summary>
    [QueryParam] public string? Status { get; set; }
    /// <summary>Comma-separated job types: <c>text2img,inpainting</c>.</summary>
    [QueryParam] public string? Type { get; set; }
    [QueryParam] public int Limit { get; set; } = 50;

    internal static IReadOnlySet<T>? ParseList<T>(string? value) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var names = Enum.GetValues<T>().ToDictionary(v => JobJson.EnumName(v), StringComparer.OrdinalIgnoreCase);
        var set = new HashSet<T>();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!names.TryGetValue(part, out var parsed)) return null;
            set.Add(parsed);
        }
        return set;
    }

    internal static string Names<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => JobJson.EnumName(v)));
}

public sealed record QueueHistoryResponse(IReadOnlyList<JobResponse> Jobs);

public sealed class QueueHistoryValidator : Validator<QueueHistoryRequest>
{
    public QueueHistoryValidator()
    {
        RuleFor(r => r.Status).Must(s => string.IsNullOrWhiteSpace(s) || QueueHistoryRequest.ParseList<JobStatus>(s) is not null)
            .WithMessage($"status is a comma-separated list of: {QueueHistoryRequest.Names<JobStatus>()}.");
        RuleFor(r => r.Type).Must(t => string.IsNullOrWhiteSpace(t) || QueueHistoryRequest.ParseList<JobType>(t) is not null)
            .WithMessage($"type is a comma-separated list of: {QueueHistoryRequest.Names<JobType>()}.");
        RuleFor(r => r.Limit).InclusiveBetween(1, JobHistory.MaxLimit).WithMessage($"limit must be between 1 and {JobHistory.MaxLimit}.");
    }
}

/// <summary><c>GET /api/queue/history</c>: the caller's jobs (an admin's: everyone's), newest first, with attempts and failures.</summary>
public sealed class QueueHistoryEndpoint(JobHistory history) : Endpoint<QueueHistoryRequest, QueueHistoryResponse>
{
    public override void Configure()
    {
        Get("/queue/history");
        Group<ApiGroup>();
        Summary(s =>
        {
            s.Summary = "Job history, newest first";
            s.Description = $"?status=completed,failed&type=text2img&limit=50 (1–{JobHistory.MaxLimit}), among the {JobHistory.ScanLimit} most recent jobs. Users see their own jobs, admins everyone's.";
        });
    }

    public override async Task HandleAsync(QueueHistoryRequest req, CancellationToken ct)
    {
        var principal = HttpContext.Principal();
        var jobs = await history.ListAsync(QueueHistoryRequest.ParseList<JobStatus>(req.Status), QueueHistoryRequest.ParseList<JobType>(req.Type),
            job => principal is not null && principal.MayTouch(job.Owner), req.Limit, ct);
        await Send.OkAsync(new QueueHistoryResponse(jobs.Select(j => j.ToResponse()).ToList()), ct);
    }
}
