using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Generation;

/// <summary>A queued job, or why the request was refused.</summary>
public sealed record SubmitResult(JobSnapshot? Job, SubmitError? Error)
{
    public bool Accepted => Error is null;
}

/// <summary>
/// A refused request: what kind of refusal (each family picks its status from it), a code such as
/// <c>validation_failed</c> (with per-field messages, field names in the seed API's snake_case), <c>queue_full</c>,
/// <c>shutting_down</c> or <c>storage_full</c>, and when it may pass, <see cref="RetryAfter"/>.
/// </summary>
public sealed record SubmitError(RefusalKind Kind, string Code, string Message, IReadOnlyDictionary<string, string[]>? Errors = null, TimeSpan? RetryAfter = null)
{
    /// <summary>The <c>queue_full</c> of every submit path (generation, upscale, model conversion).</summary>
    public static SubmitError QueueFull(QueueFull full) => new(RefusalKind.QueueFull, "queue_full",
        $"the queue is full ({full.Waiting} jobs waiting, limit {full.Limit}, Sds:Limits:MaxQueueLength); retry in about {full.RetryAfter.TotalSeconds:0} s",
        RetryAfter: full.RetryAfter);
}
