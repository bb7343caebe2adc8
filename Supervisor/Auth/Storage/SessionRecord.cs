namespace SdSupervised.Supervisor.Auth.Storage;

/// <summary>A login session: one family of rotating refresh tokens, ended by logout or by the reuse of a rotated token.</summary>
public sealed record SessionRecord(
    string Id, string Username, string Role, string Method, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt, string? RevokedReason);
