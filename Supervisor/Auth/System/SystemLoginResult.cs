namespace SdSupervised.Supervisor.Auth.System;

/// <summary>
/// The outcome of a system password check. <see cref="Detail"/> is for the audit log only (never sent to the client):
/// "unknown user", "wrong password", "not in group sd-users", "account expired", a PAM error text.
/// </summary>
public sealed record SystemLoginResult(bool Succeeded, string? Detail, IReadOnlyList<string> Groups)
{
    public static SystemLoginResult Ok(IReadOnlyList<string> groups) => new(true, null, groups);

    public static SystemLoginResult Failed(string detail) => new(false, detail, []);
}
