using SdSupervised.Supervisor.Auth.Storage;

namespace SdSupervised.Supervisor.Auth.Keys;

/// <summary>A key as shown to an admin: everything but the secret, which exists only in the creation answer.</summary>
public sealed record ApiKeyInfo(
    string Id, string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt, string? CreatedBy)
{
    public static ApiKeyInfo From(ApiKeyRecord r) => new(r.Id, r.Name, r.Role, r.CreatedAt, r.ExpiresAt, r.RevokedAt, r.LastUsedAt, r.CreatedBy);
}
