using System.ComponentModel.DataAnnotations;

namespace SdSupervised.Supervisor.Configuration;

/// <summary>HTTP-level settings (<c>Sds:Http</c>). Body size limits live in <see cref="LimitsOptions"/>.</summary>
public sealed class HttpOptions : IValidatableObject
{
    /// <summary>
    /// Origins allowed to call the API from a browser: <c>https://ui.example:8443</c>, or <c>*</c> for any.
    /// Empty (the default) sends no CORS headers at all. An entry may hold a comma-separated list, so a single
    /// environment variable or command-line value can name several.
    /// </summary>
    public List<string> CorsOrigins { get; set; } = [];

    /// <summary>How long a browser may cache a preflight answer.</summary>
    [Range(0, 86_400)] public int CorsMaxAgeSeconds { get; set; } = 600;

    /// <summary>The configured origins, split on commas, trimmed, without a trailing slash.</summary>
    public IReadOnlyList<string> ResolvedCorsOrigins() =>
        CorsOrigins
            .SelectMany(o => (o ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(o => o == "*" ? o : o.TrimEnd('/'))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A browser sends the origin as scheme://host[:port]; anything else would never match, silently.
        foreach (var origin in ResolvedCorsOrigins())
        {
            if (origin == "*") continue;
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.PathAndQuery != "/" || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
                yield return new ValidationResult(
                    $"CORS origin '{origin}' is not '*' or scheme://host[:port] (e.g. https://ui.example:8443).", [nameof(CorsOrigins)]);
        }
    }
}
