namespace SdSupervised.Supervisor.Auth;

/// <summary>The wire names of <see cref="AuthMethod"/> (<c>api-key</c>, not <c>ApiKey</c>), both ways.</summary>
public static class AuthMethods
{
    private static readonly Dictionary<string, AuthMethod> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["none"] = AuthMethod.None,
        ["api-key"] = AuthMethod.ApiKey,
        ["apikey"] = AuthMethod.ApiKey,
        ["jwt"] = AuthMethod.Jwt,
        ["unix"] = AuthMethod.Unix,
        ["pam"] = AuthMethod.Pam,
        ["optional"] = AuthMethod.Optional,
    };

    public const string Names = "none, api-key, jwt, unix, pam, optional";

    public static bool TryParse(string? name, out AuthMethod method) => ByName.TryGetValue(name?.Trim() ?? "", out method);

    public static string Name(AuthMethod method) => method switch
    {
        AuthMethod.ApiKey => "api-key",
        _ => method.ToString().ToLowerInvariant(),
    };

    /// <summary>Methods where users log in with a password and get tokens (the system methods after their verifier says yes).</summary>
    public static bool HasLogin(AuthMethod method) => method is AuthMethod.Jwt or AuthMethod.Unix or AuthMethod.Pam or AuthMethod.Optional;
}
