using System.Security.Claims;

namespace SdSupervised.Supervisor.Auth;

/// <summary>Who made a request, as the services see it (no claims plumbing outside Auth/).</summary>
/// <param name="Name">User name, key name, <c>admin</c> under <c>--auth none</c>, or <c>guest:&lt;address&gt;</c>.</param>
public sealed record AuthPrincipal(string Name, string Role, string Via, string? Method, string? SessionId, string? KeyId, DateTimeOffset? ExpiresAt)
{
    public bool IsAdmin => Role == Roles.Admin;
    public bool IsGuest => Via == CredentialKinds.Guest;

    /// <summary>The owner recorded on this principal's jobs; null under <c>--auth none</c>, where jobs have no owner.</summary>
    public string? Owner => Via == CredentialKinds.Open ? null : Name;

    /// <summary>May this principal cancel or see the prompts of a job owned by <paramref name="owner"/>?</summary>
    public bool MayTouch(string? owner) => IsAdmin || (owner is not null && string.Equals(owner, Name, StringComparison.Ordinal));

    public static AuthPrincipal? From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        var name = user.FindFirstValue(AuthClaims.Name);
        var role = user.FindFirstValue(AuthClaims.Role);
        if (name is null || role is null) return null;
        var exp = long.TryParse(user.FindFirstValue(AuthClaims.Expires), out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : (DateTimeOffset?)null;
        return new AuthPrincipal(name, role, user.FindFirstValue(AuthClaims.Via) ?? CredentialKinds.Token,
            user.FindFirstValue(AuthClaims.Method), user.FindFirstValue(AuthClaims.Session), user.FindFirstValue(AuthClaims.KeyId), exp);
    }

    /// <summary>The claims identity of a principal this server made itself (not a JWT: those carry the same claims).</summary>
    public ClaimsPrincipal ToClaimsPrincipal(string scheme)
    {
        var claims = new List<Claim> { new(AuthClaims.Name, Name), new(AuthClaims.Role, Role), new(AuthClaims.Via, Via) };
        if (Method is not null) claims.Add(new Claim(AuthClaims.Method, Method));
        if (KeyId is not null) claims.Add(new Claim(AuthClaims.KeyId, KeyId));
        if (SessionId is not null) claims.Add(new Claim(AuthClaims.Session, SessionId));
        if (ExpiresAt is { } e) claims.Add(new Claim(AuthClaims.Expires, e.ToUnixTimeSeconds().ToString(global::System.Globalization.CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, AuthClaims.Name, AuthClaims.Role));
    }

    /// <summary>What a role may do, for <c>/api/auth/me</c> (the web UI shows or hides actions by it).</summary>
    public IReadOnlyList<string> Permissions() => IsAdmin
        ? ["generate", "read", "cancel_own", "cancel_any", "manage_models", "manage_workers", "manage_system", "manage_keys", "manage_users"]
        : ["generate", "read", "cancel_own"];
}
