namespace SdSupervised.Supervisor.Auth.System;

/// <summary>
/// Placeholder so this branch builds: the real libpam verifier is written on its own branch and replaces this file
/// when merged. It refuses every login and says why in <c>/api/status</c>.
/// </summary>
public sealed class PamPasswordVerifier(string service, string? group) : ISystemPasswordVerifier
{
    public string Method => "pam";

    public string? Unavailable => $"the PAM password check (service {service}{(group is null ? "" : $", group {group}")}) is not built into this version";

    public Task<SystemLoginResult> VerifyAsync(string username, string password, CancellationToken cancellationToken) =>
        Task.FromResult(SystemLoginResult.Failed("not built"));
}
