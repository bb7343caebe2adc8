using SdSupervised.Supervisor.Auth.System;

namespace SdSupervised.Tests.Auth;

/// <summary>A system account database in memory: name → (password, groups).</summary>
public sealed class FakeSystemVerifier(string method, Dictionary<string, (string Password, string[] Groups)> accounts, string? unavailable = null)
    : ISystemPasswordVerifier
{
    public string Method => method;
    public string? Unavailable => unavailable;
    public List<string> Asked { get; } = [];

    public Task<SystemLoginResult> VerifyAsync(string username, string password, CancellationToken cancellationToken)
    {
        Asked.Add(username);
        return Task.FromResult(accounts.TryGetValue(username, out var a) && a.Password == password
            ? SystemLoginResult.Ok(a.Groups)
            : SystemLoginResult.Failed(accounts.ContainsKey(username) ? "wrong password" : "unknown user"));
    }
}
