using FastEndpoints;
using Microsoft.AspNetCore.Authorization;

namespace SdSupervised.Supervisor.Auth;

/// <summary>
/// Every route of the running app with the policy its metadata gives it, read from the endpoint data source itself (not
/// from what the code meant to declare), so <c>GET /api/auth/routes</c> and its test show what is really enforced.
/// </summary>
public sealed class RoutePolicies(EndpointDataSource endpoints)
{
    public const string Public = "public";
    public const string User = "user";
    public const string Admin = "admin";
    /// <summary>Requires a principal, with no role named: FastEndpoints' default for an endpoint outside every group.</summary>
    public const string Authenticated = "authenticated";

    public IReadOnlyList<RoutePolicy> List() =>
        endpoints.Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => Methods(e).Select(m => new RoutePolicy(m, "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'), PolicyOf(e))))
            .DistinctBy(r => (r.Method, r.Path))
            .OrderBy(r => r.Path, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();

    public static string PolicyOf(Endpoint endpoint) => PolicyOf(endpoint.Metadata);

    /// <summary>From endpoint metadata (also what ApiExplorer hands the OpenAPI transformers).</summary>
    public static string PolicyOf(IEnumerable<object> metadata)
    {
        var items = metadata as IReadOnlyCollection<object> ?? metadata.ToList();
        if (items.OfType<IAllowAnonymous>().Any()) return Public;
        var definition = items.OfType<EndpointDefinition>().FirstOrDefault();
        var policies = definition?.PreBuiltUserPolicies ?? [];
        if (policies.Contains(AuthPolicies.Admin)) return Admin;
        if (policies.Contains(AuthPolicies.User)) return User;
        // A route mapped outside FastEndpoints (/metrics) names its policies in plain authorization metadata.
        var named = items.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
        if (named.Contains(AuthPolicies.Admin)) return Admin;
        if (named.Contains(AuthPolicies.User)) return User;
        return items.OfType<IAuthorizeData>().Any() || definition is not null ? Authenticated : Public;
    }

    private static IEnumerable<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : ["*"];
}
