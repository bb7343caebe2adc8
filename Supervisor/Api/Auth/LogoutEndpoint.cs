using FastEndpoints;
using SdSupervised.Supervisor.Auth;
using SdSupervised.Supervisor.Auth.Http;
using SdSupervised.Supervisor.Auth.Tokens;

namespace SdSupervised.Supervisor.Api.Auth;

public sealed class LogoutRequest
{
    /// <summary>The session to end when the request carries no access token; else the cookie's.</summary>
    public string? RefreshToken { get; set; }
}

public sealed record LogoutResponse(bool LoggedOut);

/// <summary>
/// <c>POST /api/auth/logout</c> (and <c>/api/v1/auth/logout</c>): ends the session of the access token (or of the refresh token
/// given), so both its tokens are refused from now on, and clears the cookies. Public, so an expired session can still log out.
/// </summary>
public sealed class LogoutEndpoint(TokenService tokens, ILogger<LogoutEndpoint> logger) : Endpoint<LogoutRequest, LogoutResponse>
{
    public override void Configure()
    {
        Post("/auth/logout", "/v1/auth/logout");
        Description(b => b.ClearDefaultAccepts());
        Group<ApiGroup>();
        AllowAnonymous();
        Summary(s => s.Summary = "End the session: its access and refresh tokens stop working");
    }

    public override async Task HandleAsync(LogoutRequest req, CancellationToken ct)
    {
        var refresh = req.RefreshToken ?? SessionCookies.RefreshToken(HttpContext);
        var session = HttpContext.Principal()?.SessionId
                      ?? (string.IsNullOrEmpty(refresh) || refresh.Length > 256 ? null : await tokens.SessionOfRefreshTokenAsync(refresh, ct));
        var ended = session is not null && await tokens.EndSessionAsync(session, "logout", ct);
        if (ended) logger.LogInformation("Audit: session {SessionId} logged out by {Principal}", session, HttpContext.Principal()?.Name ?? "its refresh token");
        SessionCookies.Clear(HttpContext);
        await Send.OkAsync(new LogoutResponse(ended), ct);
    }
}
