using SdSupervised.Supervisor.Auth.Storage;

namespace SdSupervised.Supervisor.Auth.Users;

/// <summary>A user as shown to an admin (no hash).</summary>
public sealed record UserInfo(string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? PasswordChangedAt)
{
    public static UserInfo From(UserRecord r) => new(r.Name, r.Role, r.CreatedAt, r.PasswordChangedAt);
}
