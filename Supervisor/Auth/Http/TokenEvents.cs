using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using SdSupervised.Supervisor.Auth.Tokens;

namespace SdSupervised.Supervisor.Auth.Http;

/// <summary>
/// JwtBearer's hooks: where else a token may come from (the web UI's session cookie; <c>?access_token=</c> on event
/// streams only, since a query string ends up in logs and histories), and the session check that makes logout final.
/// </summary>
public sealed class TokenEvents(TokenService tokens) : JwtBearerEvents
{
    private const string ViaItem = "sds:token-via";

    public override Task MessageReceived(MessageReceivedContext context)
    {
        var request = context.Request;
        if (request.Headers.Authorization.Count > 0) return Task.CompletedTask;
        if (request.Cookies.TryGetValue(AuthSchemes.SessionCookie, out var cookie) && cookie.Length > 0)
        {
            context.Token = cookie;
            context.HttpContext.Items[ViaItem] = CredentialKinds.Cookie;
        }
        else if (AuthSchemes.IsEventStream(request.Path) && request.Query[AuthSchemes.AccessTokenQuery].FirstOrDefault() is { Length: > 0 } query)
            context.Token = query;
        return Task.CompletedTask;
    }

    public override async Task TokenValidated(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var session = principal.FindFirstValue(AuthClaims.Session);
        if (session is null || !await tokens.IsSessionOpenAsync(session, context.HttpContext.RequestAborted))
        {
            var ended = new AuthenticationFailureException("the session has ended (logged out, or its refresh token was reused); log in again");
            AuthFailures.Set(context.HttpContext, ended);
            context.Fail(ended);
            return;
        }
        var via = context.HttpContext.Items[ViaItem] as string ?? CredentialKinds.Token;
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(AuthClaims.Via, via));
    }

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        AuthFailures.Set(context.HttpContext, context.Exception);
        return Task.CompletedTask;
    }

    // The authorization responder answers 401s in the family's shape; JwtBearer must not write its own.
    public override Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        return Task.CompletedTask;
    }
}
