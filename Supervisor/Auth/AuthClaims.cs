namespace SdSupervised.Supervisor.Auth;

/// <summary>Claim types of the server's principals and access tokens.</summary>
public static class AuthClaims
{
    public const string Name = "sub";
    public const string Role = "role";
    /// <summary>How the request proved it: <see cref="CredentialKinds"/>.</summary>
    public const string Via = "sds_via";
    /// <summary>The login session (refresh token family) an access token belongs to; logout ends it.</summary>
    public const string Session = "sid";
    public const string KeyId = "sds_key";
    /// <summary>The method that logged the user in (jwt, unix, pam).</summary>
    public const string Method = "sds_method";
    /// <summary>Unix seconds when the credential expires, when it does.</summary>
    public const string Expires = "exp";
}
