using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Generation;

/// <summary>A queued job, or why the request was refused.</summary>
public sealed record SubmitResult(JobSnapshot? Job, SubmitError? Error)
{
    public bool Accepted => Error is null;
}

/// <summary>
/// A refused request: 400 <c>validation_failed</c> with per-field messages (field names in the seed API's snake_case),
/// or 429 <c>queue_full</c>, 503 <c>shutting_down</c>, 507 <c>storage_full</c>, each with <see cref="RetryAfter"/>.
/// </summary>
public sealed record SubmitError(int Status, string Code, string Message, IReadOnlyDictionary<string, string[]>? Errors = null, TimeSpan? RetryAfter = null);
