namespace SdSupervised.Supervisor.Auth.System;

/// <summary>
/// Placeholder so this branch builds: the real shadow + crypt(3) verifier is written on its own branch and replaces
/// this file when merged. It refuses every login and says why in <c>/api/status</c>.
/// </summary>
public sealed class UnixShadowPasswordVerifier(string group) : ISystemPasswordVerifier
{
    public string Method => "unix";

    public string? Unavailable => $"the unix password check (group {group}) is not built into this version";

    public Task<SystemLoginResult> VerifyAsync(string username, string password, CancellationToken cancellationToken) =>
        Task.FromResult(SystemLoginResult.Failed("not built"));
}
