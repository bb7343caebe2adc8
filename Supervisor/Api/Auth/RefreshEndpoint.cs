using FastEndpoints;
using SdSupervised.Supervisor.Auth.Http;
using SdSupervised.Supervisor.Auth.Tokens;

namespace SdSupervised.Supervisor.Api.Auth;

public sealed class RefreshRequest
{
    /// <summary>Null: the <c>sds_refresh</c> cookie's.</summary>
    public string? RefreshToken { get; set; }
}

/// <summary>
/// <c>POST /api/auth/refresh</c> (and <c>/api/v1/auth/refresh</c>): a refresh token for the next pair. Each refresh token works
/// once; presenting a used one again ends its whole session (it was copied).
/// </summary>
public sealed class RefreshEndpoint(TokenService tokens, TimeProvider time) : Endpoint<RefreshRequest, TokenResponse>
{
    public override void Configure()
    {
        Post("/auth/refresh", "/v1/auth/refresh");
        Description(b => b.ClearDefaultAccepts().Produces(StatusCodes.Status401Unauthorized));
        Group<ApiGroup>();
        AllowAnonymous();
        Summary(s => s.Summary = "Trade a refresh token (body or cookie) for new tokens");
    }

    public override async Task HandleAsync(RefreshRequest req, CancellationToken ct)
    {
        var token = req.RefreshToken ?? SessionCookies.RefreshToken(HttpContext);
        if (string.IsNullOrEmpty(token) || token.Length > 256)
        {
            await Send.ResultAsync(ApiResults.Error(StatusCodes.Status401Unauthorized, "invalid_refresh_token", "send refresh_token (or the sds_refresh cookie)"));
            return;
        }
        var (pair, refusal) = await tokens.RefreshAsync(token, ct);
        if (pair is null)
        {
            SessionCookies.Clear(HttpContext);
            await Send.ResultAsync(ApiResults.Error(StatusCodes.Status401Unauthorized, "invalid_refresh_token", refusal!));
            return;
        }
        SessionCookies.Set(HttpContext, pair);
        await Send.OkAsync(TokenResponse.From(pair, time.GetUtcNow()), ct);
    }
}
