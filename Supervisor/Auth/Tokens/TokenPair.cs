namespace SdSupervised.Supervisor.Auth.Tokens;

/// <summary>What a login or refresh hands out: a short-lived access token and the session's next refresh token.</summary>
public sealed record TokenPair(string AccessToken, DateTimeOffset AccessExpiresAt, string RefreshToken, DateTimeOffset RefreshExpiresAt, AuthPrincipal Principal);
