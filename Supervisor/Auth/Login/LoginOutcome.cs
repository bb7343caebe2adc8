using SdSupervised.Supervisor.Auth.Tokens;

namespace SdSupervised.Supervisor.Auth.Login;

/// <summary>What a login attempt came to. Refusals are deliberately one generic sentence; the reason goes to the audit log.</summary>
public sealed record LoginOutcome(TokenPair? Tokens, TimeSpan? RetryAfter, string? Unavailable)
{
    public const string InvalidCredentials = "invalid credentials";

    public bool Succeeded => Tokens is not null;
}
