namespace SdSupervised.Supervisor.Auth;

/// <summary>The request's <see cref="AuthPrincipal"/> for endpoints.</summary>
public static class HttpContextPrincipal
{
    /// <summary>
    /// The caller, or null on a public route called without credentials. Under <c>--auth none</c> every request is
    /// <see cref="OpenAdmin"/> (the authentication handler says so), so protected routes never see null.
    /// </summary>
    public static AuthPrincipal? Principal(this HttpContext context) => AuthPrincipal.From(context.User);

    /// <summary>The identity of every request when authentication is off.</summary>
    public static readonly AuthPrincipal OpenAdmin = new("admin", Roles.Admin, CredentialKinds.Open, "none", null, null, null);
}
