namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>A refused or failed <c>/v1</c> request: its HTTP status, OpenAI's error body and, for 429, when to retry.</summary>
public sealed record OpenAIFailure(int Status, OpenAIErrorDetail Error, TimeSpan? RetryAfter = null)
{
    public OpenAIErrorBody Body => new(Error);
}
