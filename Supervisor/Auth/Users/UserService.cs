using Microsoft.AspNetCore.Identity;
using SdSupervised.Supervisor.Auth.Storage;

namespace SdSupervised.Supervisor.Auth.Users;

/// <summary>
/// Password users, hashed with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512, salted,
/// its iteration count in the hash so a future default rehashes on login).
/// </summary>
public sealed class UserService(AuthStore store, TimeProvider time, ILogger<UserService> logger)
{
    private static readonly PasswordHasher<string> Hasher = new();
    /// <summary>Checked against for unknown names, so they take as long as a wrong password.</summary>
    private static readonly Lazy<string> DummyHash = new(() => Hasher.HashPassword("", Guid.NewGuid().ToString()));

    public enum AddOutcome { Added, Exists, Invalid }

    public async Task<(AddOutcome Outcome, string? Problem)> AddAsync(string name, string role, string password, string? by, CancellationToken ct)
    {
        if (!UserNames.IsValid(name)) return (AddOutcome.Invalid, $"user name '{name}' is not valid ({UserNames.Rule})");
        if (!Roles.IsKnown(role)) return (AddOutcome.Invalid, $"role '{role}' is not admin or user");
        if (UserNames.PasswordProblem(password) is { } problem) return (AddOutcome.Invalid, problem);
        var added = await store.InsertUserAsync(new UserRecord(name, role, Hasher.HashPassword(name, password), time.GetUtcNow(), null), ct);
        if (!added) return (AddOutcome.Exists, $"user '{name}' already exists");
        logger.LogInformation("Audit: user {Username} (role {Role}) created by {Principal}", name, role, by ?? "shell");
        return (AddOutcome.Added, null);
    }

    public async Task<IReadOnlyList<UserInfo>> ListAsync(CancellationToken ct) => (await store.ListUsersAsync(ct)).Select(UserInfo.From).ToList();

    public Task<int> CountAsync(CancellationToken ct) => store.CountUsersAsync(ct);

    public async Task<bool> DeleteAsync(string name, string? by, CancellationToken ct)
    {
        var deleted = await store.DeleteUserAsync(name, time.GetUtcNow(), ct);
        if (deleted) logger.LogInformation("Audit: user {Username} deleted by {Principal}", name, by ?? "shell");
        return deleted;
    }

    /// <summary>Sets a new password and ends the user's sessions; null on success, else the problem (or "no such user").</summary>
    public async Task<string?> SetPasswordAsync(string name, string password, string? by, CancellationToken ct)
    {
        if (UserNames.PasswordProblem(password) is { } problem) return problem;
        if (!await store.SetPasswordAsync(name, Hasher.HashPassword(name, password), time.GetUtcNow(), ct)) return $"user '{name}' not found";
        await store.RevokeUserSessionsAsync(name, time.GetUtcNow(), "password changed", ct);
        logger.LogInformation("Audit: password of user {Username} changed by {Principal}", name, by ?? "shell");
        return null;
    }

    /// <summary>The user when the password is right; null otherwise, after the same work either way.</summary>
    public async Task<UserRecord?> VerifyAsync(string name, string password, CancellationToken ct)
    {
        var user = UserNames.IsValid(name) ? await store.GetUserAsync(name, ct) : null;
        var result = Hasher.VerifyHashedPassword(user?.Name ?? "", user?.PasswordHash ?? DummyHash.Value, password);
        if (user is null || result == PasswordVerificationResult.Failed) return null;
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
            await store.SetPasswordAsync(user.Name, Hasher.HashPassword(user.Name, password), time.GetUtcNow(), ct);
        return user;
    }
}
