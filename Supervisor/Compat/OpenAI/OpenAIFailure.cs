namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>
/// A refused or failed <c>/v1</c> request: its HTTP status, OpenAI's error body, for 429/503 when to retry, and whether
/// OpenAI's SDKs should retry it (<c>x-should-retry</c>; null sends no header and leaves the SDK to judge by status).
/// </summary>
public sealed record OpenAIFailure(int Status, OpenAIErrorDetail Error, TimeSpan? RetryAfter = null, bool? ShouldRetry = null)
{
    public OpenAIErrorBody Body => new(Error);
}
