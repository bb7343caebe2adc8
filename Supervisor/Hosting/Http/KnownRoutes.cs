using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>
/// Which methods the routes matching a path accept, so a wrong method on a known path is a 405 with <c>Allow</c>
/// rather than the fallback's 404 (routing lets the fallback win over its own 405 when both match). Catch-all
/// routes (the <c>/v1</c> unknown-route answer, the web UI) are left out: they would make every method "known".
/// Route constraints are not checked: a path that only a constraint would refuse counts as known.
/// </summary>
public sealed class KnownRoutes(EndpointDataSource endpoints)
{
    private readonly Lazy<IReadOnlyList<(TemplateMatcher Matcher, IReadOnlyList<string> Methods)>> _routes = new(() => Build(endpoints));

    /// <summary>The methods accepted at <paramref name="path"/> (HEAD beside GET); empty when no route matches it.</summary>
    public IReadOnlyList<string> AllowedMethods(PathString path)
    {
        var methods = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (matcher, accepted) in _routes.Value)
        {
            if (matcher.TryMatch(path, new RouteValueDictionary()))
                methods.UnionWith(accepted);
        }
        if (methods.Contains(HttpMethods.Get))
            methods.Add(HttpMethods.Head);
        return [.. methods];
    }

    private static IReadOnlyList<(TemplateMatcher, IReadOnlyList<string>)> Build(EndpointDataSource source) =>
        source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.Parameters.All(p => !p.IsCatchAll))
            .Select(e => (e.RoutePattern, Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(e => e.Methods.Count > 0)
            .Select(e => (new TemplateMatcher(new RouteTemplate(e.RoutePattern), Defaults(e.RoutePattern)), (IReadOnlyList<string>)[.. e.Methods]))
            .ToList();

    private static RouteValueDictionary Defaults(RoutePattern pattern) => new(pattern.Defaults);
}
