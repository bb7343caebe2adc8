namespace SdSupervised.Supervisor.Auth.Storage;

/// <summary>An API key as stored: only the SHA-256 of the secret, never the key.</summary>
public sealed record ApiKeyRecord(
    string Id, string Name, string Role, byte[] Hash, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, string? CreatedBy);
