using Microsoft.IdentityModel.Tokens;

namespace SdSupervised.Supervisor.Auth.Http;

/// <summary>
/// Why a credential was refused, in words a client can act on, without echoing the token or the library's internals.
/// JwtBearer's failure does not always reach the authorization layer through the forwarding scheme, so it is also kept
/// on the request.
/// </summary>
public static class AuthFailures
{
    private const string ItemKey = "sds:auth-failure";

    public static void Set(HttpContext context, Exception failure) => context.Items[ItemKey] = failure;

    public static Exception? Get(HttpContext context) => context.Items.TryGetValue(ItemKey, out var f) ? f as Exception : null;

    public static string Describe(Exception failure) => failure switch
    {
        SecurityTokenExpiredException => "the access token has expired; refresh it at /api/auth/refresh",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "the access token's signature is not valid",
        SecurityTokenInvalidAlgorithmException => "the access token's algorithm is not accepted",
        SecurityTokenMalformedException or ArgumentException => "the access token is malformed",
        SecurityTokenNotYetValidException => "the access token is not valid yet",
        SecurityTokenInvalidIssuerException or SecurityTokenInvalidAudienceException => "the access token was not issued by this server",
        SecurityTokenException => "the access token is not valid",
        _ => failure.Message,
    };
}
