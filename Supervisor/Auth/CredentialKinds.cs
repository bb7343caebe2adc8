namespace SdSupervised.Supervisor.Auth;

/// <summary>Values of <see cref="AuthClaims.Via"/>.</summary>
public static class CredentialKinds
{
    /// <summary><c>--auth none</c>: nobody proved anything.</summary>
    public const string Open = "none";
    public const string Guest = "guest";
    public const string ApiKey = "api_key";
    public const string Token = "token";
    /// <summary>A token from the session cookie: unsafe methods must also pass the cross-site check.</summary>
    public const string Cookie = "cookie";
}
