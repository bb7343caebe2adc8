namespace SdSupervised.Supervisor.Auth.Http;

/// <summary>
/// The authentication schemes. <see cref="Default"/> only chooses: JWTs (header, session cookie, or <c>?access_token=</c> on
/// event streams) go to JwtBearer (<see cref="Token"/>); keys, Basic, guests and the open server to <see cref="Credentials"/>.
/// </summary>
public static class AuthSchemes
{
    public const string Default = "sds";
    public const string Token = "sds-token";
    public const string Credentials = "sds-credentials";

    public const string SessionCookie = "sds_session";
    public const string RefreshCookie = "sds_refresh";
    public const string ApiKeyHeader = "X-API-Key";
    public const string AccessTokenQuery = "access_token";
    /// <summary>The anti-forgery header a cookie-authenticated unsafe request may carry instead of a matching Origin.</summary>
    public const string CsrfHeader = "X-Sds-Csrf";

    /// <summary>Server-sent event streams, where a browser's EventSource cannot set headers.</summary>
    public static bool IsEventStream(PathString path) =>
        path.Equals("/api/events", StringComparison.OrdinalIgnoreCase)
        || (path.StartsWithSegments("/api/queue/job", StringComparison.OrdinalIgnoreCase)
            && path.Value!.EndsWith("/events", StringComparison.OrdinalIgnoreCase));
}
