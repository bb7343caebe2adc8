using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Auth.System;
using SdSupervised.Supervisor.Auth.Tokens;
using SdSupervised.Supervisor.Auth.Users;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Auth.Login;

/// <summary>
/// Checks a user name and password with the configured method (the user table for jwt/optional, the operating system
/// for unix/pam) and opens a token session. Every refusal answers the same and after the same work; the audit log
/// says what really happened.
/// </summary>
public sealed class LoginService(
    IOptions<SupervisorOptions> options,
    UserService users,
    TokenService tokens,
    LoginLockout lockout,
    IServiceProvider services,
    ILogger<LoginService> logger)
{
    private readonly AuthOptions _auth = options.Value.Auth;

    public async Task<LoginOutcome> LoginAsync(string username, string password, string clientAddress, CancellationToken ct)
    {
        var method = _auth.ResolvedMethod;
        if (lockout.Check(username, clientAddress) is { } wait)
        {
            logger.LogWarning("Audit: login of {Username} from {ClientAddress} refused: too many failed attempts", username, clientAddress);
            return new LoginOutcome(null, wait, null);
        }

        string? role;
        string? detail;
        if (method is AuthMethod.Unix or AuthMethod.Pam)
        {
            var verifier = services.GetService<ISystemPasswordVerifier>();
            if (verifier is null || verifier.Unavailable is not null)
            {
                logger.LogError("Audit: login of {Username} from {ClientAddress} impossible: {Reason}", username, clientAddress,
                    verifier?.Unavailable ?? "no system password verifier");
                return new LoginOutcome(null, null, "the server cannot check system passwords; see its log");
            }
            var result = await verifier.VerifyAsync(username, password, ct);
            role = result.Succeeded ? (result.Groups.Contains(_auth.AdminGroup, StringComparer.Ordinal) ? Roles.Admin : Roles.User) : null;
            detail = result.Detail;
        }
        else
        {
            var user = await users.VerifyAsync(username, password, ct);
            role = user?.Role;
            detail = user is null ? "unknown user or wrong password" : null;
            if (user is not null) username = user.Name;
        }

        if (role is null)
        {
            var locked = lockout.Failed(username);
            logger.LogWarning("Audit: login failed for {Username} from {ClientAddress} ({Method}): {Reason}{Lockout}",
                username, clientAddress, AuthMethods.Name(method), detail ?? "refused", locked ? "; the name is now locked out" : "");
            return new LoginOutcome(null, null, null);
        }
        lockout.Succeeded(username);
        var pair = await tokens.IssueAsync(username, role, AuthMethods.Name(method), ct);
        logger.LogInformation("Audit: login succeeded for {Username} ({Role}) from {ClientAddress} ({Method}), session {SessionId}",
            username, role, clientAddress, AuthMethods.Name(method), pair.Principal.SessionId);
        return new LoginOutcome(pair, null, null);
    }
}
