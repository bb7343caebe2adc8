using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Auth.Http;

/// <summary>
/// A browser sends the session cookie with any request to this server, a forged cross-site form's included (SameSite=Strict
/// already stops most). So an unsafe request that authenticated by cookie must also show it comes from a page of ours: an
/// <c>Origin</c> equal to this server's (or an allowed CORS origin), or the <c>X-Sds-Csrf</c> header, which a cross-site
/// page cannot set without a CORS preflight we would refuse. Header and key credentials need neither.
/// </summary>
public sealed class CookieCsrfMiddleware(RequestDelegate next, IOptions<SupervisorOptions> options)
{
    private readonly IReadOnlyList<string> _corsOrigins = options.Value.Http.ResolvedCorsOrigins();

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || AuthPrincipal.From(context.User)?.Via != CredentialKinds.Cookie
            || request.Headers.ContainsKey(AuthSchemes.CsrfHeader)
            || SameOrigin(request))
            return next(context);
        return AuthErrors.ForbiddenAsync(context,
            $"cross-site request refused: a request authenticated by the session cookie must come with this server's Origin or the {AuthSchemes.CsrfHeader} header");
    }

    private bool SameOrigin(HttpRequest request)
    {
        var origin = request.Headers[HeaderNames.Origin].FirstOrDefault();
        if (string.IsNullOrEmpty(origin)) return false;
        origin = origin.TrimEnd('/');
        return string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
               || _corsOrigins.Any(o => o != "*" && string.Equals(o, origin, StringComparison.OrdinalIgnoreCase));
    }
}
