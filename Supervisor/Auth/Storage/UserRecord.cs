namespace SdSupervised.Supervisor.Auth.Storage;

/// <summary>A password user (<c>--auth jwt</c>, <c>optional</c>): the password only as its KDF hash.</summary>
public sealed record UserRecord(string Name, string Role, string PasswordHash, DateTimeOffset CreatedAt, DateTimeOffset? PasswordChangedAt);
