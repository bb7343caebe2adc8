using System.Collections.Concurrent;
using SdSupervised.Supervisor.Auth.Storage;

namespace SdSupervised.Supervisor.Auth.Keys;

/// <summary>Creates, lists, revokes and checks API keys; shared by the admin endpoints, the authentication handler and the <c>keys</c> subcommand.</summary>
public sealed class ApiKeyService(AuthStore store, TimeProvider time, ILogger<ApiKeyService> logger)
{
    /// <summary><c>last_used_at</c> is written at most this often per key, so a busy key does not make every request a write.</summary>
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _touched = new();

    public async Task<CreatedApiKey> CreateAsync(string name, string role, DateTimeOffset? expiresAt, string? createdBy, CancellationToken ct)
    {
        if (!Roles.IsKnown(role)) throw new ArgumentException($"unknown role '{role}'", nameof(role));
        var (id, key) = ApiKeyFormat.New();
        var record = new ApiKeyRecord(id, name, role, ApiKeyFormat.Hash(key), time.GetUtcNow(), expiresAt, null, null, createdBy);
        await store.InsertKeyAsync(record, ct);
        logger.LogInformation("Audit: API key {KeyId} ({KeyName}, role {Role}) created by {Principal}", id, name, role, createdBy ?? "shell");
        return new CreatedApiKey(ApiKeyInfo.From(record), key);
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken ct) => (await store.ListKeysAsync(ct)).Select(ApiKeyInfo.From).ToList();

    /// <summary>False when no such key was active.</summary>
    public async Task<bool> RevokeAsync(string id, string? revokedBy, CancellationToken ct)
    {
        var revoked = await store.RevokeKeyAsync(id, time.GetUtcNow(), ct);
        if (revoked) logger.LogInformation("Audit: API key {KeyId} revoked by {Principal}", id, revokedBy ?? "shell");
        return revoked;
    }

    /// <summary>The key's principal, or why it is refused (said in the 401, without telling unknown from revoked).</summary>
    public async Task<(AuthPrincipal? Principal, string? Refusal)> VerifyAsync(string key, CancellationToken ct)
    {
        var id = ApiKeyFormat.IdOf(key);
        var record = id is null ? null : await store.GetKeyAsync(id, ct);
        // Hash even when there is no row, so an unknown id costs what a wrong secret does.
        var matches = ApiKeyFormat.Matches(key, record?.Hash ?? new byte[32]);
        if (record is null || !matches || record.RevokedAt is not null)
            return (null, "the API key is not valid");
        var now = time.GetUtcNow();
        if (record.ExpiresAt is { } expires && expires <= now)
            return (null, "the API key has expired");
        if (!_touched.TryGetValue(record.Id, out var last) || now - last >= TouchInterval)
        {
            _touched[record.Id] = now;
            await store.TouchKeyAsync(record.Id, now, ct);
        }
        return (new AuthPrincipal(record.Name, record.Role, CredentialKinds.ApiKey, "api-key", null, record.Id, record.ExpiresAt), null);
    }
}
