using System.Text.RegularExpressions;

namespace SdSupervised.Supervisor.Hosting.Http.OpenApi;

/// <summary>Route template helpers: parameter names without constraints, defaults or catch-all marks.</summary>
public static partial class RouteTemplate
{
    [GeneratedRegex(@"\{\*{0,2}(?<name>[^}:=?]+)[^}]*\}")]
    private static partial Regex ParameterPattern();

    /// <summary>Names of the parameters in a template such as <c>/api/models/{modelId:minlength(1)}/load</c>.</summary>
    public static IReadOnlyList<string> ParameterNames(string template) =>
        ParameterPattern().Matches(template).Select(m => m.Groups["name"].Value.Trim()).ToList();

    /// <summary>The template as OpenAPI writes a path: <c>/api/models/{modelId}/load</c>.</summary>
    public static string ToOpenApiPath(string template)
    {
        var path = ParameterPattern().Replace(template, m => "{" + m.Groups["name"].Value.Trim() + "}");
        return path.StartsWith('/') ? path : "/" + path;
    }
}
