using SdSupervised.Supervisor.Auth.Tokens;

namespace SdSupervised.Supervisor.Auth.Http;

/// <summary>
/// The web UI's session: the access token in <c>sds_session</c> and the refresh token in <c>sds_refresh</c> (sent only to
/// <c>/api</c>), both HttpOnly (no script can read them), SameSite=Strict, and Secure when the request came over HTTPS
/// (directly, or through a known proxy that said so).
/// </summary>
public static class SessionCookies
{
    public static void Set(HttpContext context, TokenPair tokens)
    {
        context.Response.Cookies.Append(AuthSchemes.SessionCookie, tokens.AccessToken, Options(context, "/", tokens.AccessExpiresAt));
        context.Response.Cookies.Append(AuthSchemes.RefreshCookie, tokens.RefreshToken, Options(context, "/api", tokens.RefreshExpiresAt));
    }

    public static void Clear(HttpContext context)
    {
        context.Response.Cookies.Delete(AuthSchemes.SessionCookie, Options(context, "/", null));
        context.Response.Cookies.Delete(AuthSchemes.RefreshCookie, Options(context, "/api", null));
    }

    public static string? RefreshToken(HttpContext context) => context.Request.Cookies[AuthSchemes.RefreshCookie];

    private static CookieOptions Options(HttpContext context, string path, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = path,
        Expires = expires,
        IsEssential = true,
    };
}
