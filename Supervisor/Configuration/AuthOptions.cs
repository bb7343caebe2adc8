using System.ComponentModel.DataAnnotations;
using SdSupervised.Supervisor.Auth;
using SdSupervised.Supervisor.Auth.Tokens;

namespace SdSupervised.Supervisor.Configuration;

/// <summary>Authentication and access control (<c>Sds:Auth</c>). See the README's Security section.</summary>
public sealed class AuthOptions : IValidatableObject
{
    /// <summary>
    /// <c>none</c>, <c>api-key</c>, <c>jwt</c>, <c>unix</c>, <c>pam</c> or <c>optional</c>. Unset means <c>none</c>, but a
    /// server bound beyond loopback refuses to start until a method (or <c>none</c>, explicitly) is chosen.
    /// </summary>
    public string? Method { get; set; }

    /// <summary>The method in force: <see cref="AuthMethod.None"/> when unset.</summary>
    public AuthMethod ResolvedMethod => AuthMethods.TryParse(Method, out var m) ? m : AuthMethod.None;

    [Range(1, 1440)] public int AccessTokenMinutes { get; set; } = 15;
    [Range(1, 365)] public int RefreshTokenDays { get; set; } = 14;

    /// <summary>HMAC key for the access tokens (at least 32 bytes of text, or <c>base64:...</c>); unset: generated once into <c>&lt;data-dir&gt;/auth-signing.key</c> (mode 0600).</summary>
    public string? SigningKey { get; set; }

    /// <summary>The token issuer and audience.</summary>
    public string Issuer { get; set; } = "sd-supervised";

    /// <summary><c>--auth unix</c>: only members of this group may log in.</summary>
    public string UnixGroup { get; set; } = "sd-users";
    /// <summary><c>--auth pam</c>: the PAM service (<c>/etc/pam.d/&lt;name&gt;</c>).</summary>
    public string PamService { get; set; } = "sd-supervised";
    /// <summary><c>--auth pam</c>: optionally, only members of this group may log in.</summary>
    public string? PamGroup { get; set; }
    /// <summary>System accounts in this group get the admin role; everyone else who may log in is a user.</summary>
    public string AdminGroup { get; set; } = "sd-admins";

    /// <summary><c>NAME:PASSWORD</c> of an admin created at start when no user exists yet (then ignored: remove it).</summary>
    public string? BootstrapAdmin { get; set; }

    /// <summary>Failed logins for one user name before it is locked out for <see cref="LockoutMinutes"/>.</summary>
    [Range(1, 1000)] public int MaxFailedLogins { get; set; } = 5;
    [Range(1, 1440)] public int LockoutMinutes { get; set; } = 15;
    /// <summary>Login attempts per minute from one client address (then 429).</summary>
    [Range(1, 10_000)] public int LoginAttemptsPerMinute { get; set; } = 20;

    /// <summary>Requests per minute per principal (0: no limit), then 429 with Retry-After.</summary>
    [Range(0, 1_000_000)] public int RequestsPerMinute { get; set; }
    /// <summary>Queued or running jobs per principal (0: no limit), then 429.</summary>
    [Range(0, 100_000)] public int MaxQueuedJobsPerPrincipal { get; set; }

    public GuestLimitsOptions Guest { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Method is not null && !AuthMethods.TryParse(Method, out _))
            yield return new ValidationResult($"--auth '{Method}' is not one of {AuthMethods.Names}.", [nameof(Method)]);
        if (BootstrapAdmin is { Length: > 0 } b && (b.IndexOf(':') is var i && (i <= 0 || i == b.Length - 1)))
            yield return new ValidationResult("Auth:BootstrapAdmin must be NAME:PASSWORD.", [nameof(BootstrapAdmin)]);
        if (SigningKey is { Length: > 0 } && SigningKeyMaterial.Decode(SigningKey) is null)
            yield return new ValidationResult("Auth:SigningKey must be at least 32 bytes (text, or base64:... of 32 bytes or more).", [nameof(SigningKey)]);
    }
}
