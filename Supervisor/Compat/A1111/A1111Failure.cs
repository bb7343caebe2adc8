namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>A refused or failed <c>/sdapi</c> request: status, body and, for 429, when to retry.</summary>
public sealed record A1111Failure(int Status, string Code, string Message, IReadOnlyDictionary<string, string[]>? Errors = null, TimeSpan? RetryAfter = null)
{
    public A1111ErrorBody Body => new(Status, Code, Message, Message, Errors);
}
