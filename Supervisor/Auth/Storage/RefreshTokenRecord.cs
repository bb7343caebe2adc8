namespace SdSupervised.Supervisor.Auth.Storage;

/// <summary>One refresh token of a session, by hash; <see cref="UsedAt"/> is set when it was rotated.</summary>
public sealed record RefreshTokenRecord(byte[] Hash, string SessionId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? UsedAt);
