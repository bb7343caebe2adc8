using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace SdSupervised.Supervisor.Auth.Http;

/// <summary>
/// Turns a refusal of the authorization middleware into the API's answer: no or bad credentials → 401 with the reason
/// the credential was refused (expired, revoked, bad signature); a principal without the role → 403.
/// </summary>
public sealed class AuthorizationResponder : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        // A guest (--auth optional) refused an admin route is asked to log in, not told it is forbidden.
        if (authorizeResult.Challenged || (authorizeResult.Forbidden && AuthPrincipal.From(context.User)?.IsGuest == true))
        {
            var failure = AuthFailures.Get(context) ?? context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Failure;
            return AuthErrors.UnauthorizedAsync(context, failure is null
                ? "authentication required: send an API key (Authorization: Bearer, X-API-Key or Basic) or an access token from /api/auth/login"
                : $"authentication failed: {AuthFailures.Describe(failure)}", invalidToken: failure is not null);
        }
        if (authorizeResult.Forbidden)
        {
            var who = AuthPrincipal.From(context.User);
            return AuthErrors.ForbiddenAsync(context, who is null ? "forbidden" : $"'{who.Name}' (role {who.Role}) may not do this: it needs the admin role");
        }
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
