using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SdSupervised.Supervisor.Auth.Keys;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Auth.Http;

/// <summary>
/// Everything but JWTs: API keys (<c>Authorization: Bearer sds_...</c>, <c>X-API-Key</c>, or HTTP Basic with the key as
/// the password, as A1111 clients send), the open server's admin under <c>--auth none</c>, and guests under
/// <c>--auth optional</c>. A malformed or refused credential is a failure (401), never an exception.
/// </summary>
public sealed class CredentialsAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<SupervisorOptions> options,
    ApiKeyService keys) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    /// <summary>Longer than any key we make; a bigger header is refused before it is parsed.</summary>
    private const int MaxCredentialLength = 512;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var method = options.Value.Auth.ResolvedMethod;
        if (method == AuthMethod.None)
            return Success(HttpContextPrincipal.OpenAdmin);

        var key = Request.Headers[AuthSchemes.ApiKeyHeader].FirstOrDefault();
        if (key is null && Request.Headers.Authorization.FirstOrDefault() is { } authorization)
        {
            var (scheme, value) = Split(authorization);
            if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
                key = value;
            else if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            {
                key = BasicPassword(value);
                if (key is null) return Refuse("the Basic credentials are not valid base64 'user:password'");
            }
            else
                return Refuse($"the Authorization scheme '{Truncate(scheme)}' is not supported (use Bearer or Basic)");
        }

        if (key is null)
            return method == AuthMethod.Optional ? Success(Guest()) : AuthenticateResult.NoResult();
        if (key.Length > MaxCredentialLength || !ApiKeyFormat.LooksLikeKey(key))
            return Refuse("the API key is not valid");
        var (principal, refusal) = await keys.VerifyAsync(key, Context.RequestAborted);
        return principal is null ? Refuse(refusal!) : Success(principal);
    }

    /// <summary>The reason is also kept on the request: the forwarding scheme does not hand failures on to the authorization layer.</summary>
    private AuthenticateResult Refuse(string reason)
    {
        var failure = new AuthenticationFailureException(reason);
        AuthFailures.Set(Context, failure);
        return AuthenticateResult.Fail(failure);
    }

    private AuthPrincipal Guest() =>
        new($"guest:{Context.Connection.RemoteIpAddress?.ToString() ?? "unknown"}", Roles.User, CredentialKinds.Guest, "optional", null, null, null);

    private AuthenticateResult Success(AuthPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal.ToClaimsPrincipal(Scheme.Name), Scheme.Name));

    private static (string Scheme, string Value) Split(string header)
    {
        var space = header.IndexOf(' ');
        return space < 0 ? (header, "") : (header[..space], header[(space + 1)..].Trim());
    }

    private static string? BasicPassword(string value)
    {
        if (value.Length > MaxCredentialLength * 2) return null;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(value));
            var colon = text.IndexOf(':');
            return colon < 0 ? null : text[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Truncate(string s) => s.Length <= 20 ? s : s[..20] + "…";

    // The authorization result handler writes every 401/403 itself, in the family's error shape.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return Task.CompletedTask;
    }
}
