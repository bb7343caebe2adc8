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

    /// <summary>
    /// The web UI's built assets (<c>--ui-dir</c>), served at <c>/ui/</c>. Unset: <c>ui/</c> beside the program (the package),
    /// else the checkout's <c>Supervisor/WebUi/dist</c> (what <c>scripts/run</c> builds).
    /// </summary>
    public string? UiDir { get; set; }

    /// <summary>How long a browser may cache a preflight answer.</summary>
    [Range(0, 86_400)] public int CorsMaxAgeSeconds { get; set; } = 600;

    /// <summary>
    /// Reverse proxies whose <c>X-Forwarded-For/-Proto/-Host</c> headers are believed: addresses (<c>127.0.0.1</c>) or
    /// networks (<c>10.0.0.0/8</c>). Empty (the default) believes no forwarded header at all. An entry may hold a comma-separated list.
    /// </summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>The proxies as networks (an address is a /32 or /128), or null for an entry that is neither.</summary>
    public IReadOnlyList<(string Entry, global::System.Net.IPNetwork? Network)> ResolvedKnownProxies() =>
        KnownProxies
            .SelectMany(p => (p ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(p => (p, global::System.Net.IPNetwork.TryParse(p, out var network) ? network
                : global::System.Net.IPAddress.TryParse(p, out var address) ? new global::System.Net.IPNetwork(address, address.GetAddressBytes().Length * 8)
                : (global::System.Net.IPNetwork?)null))
            .ToList();

    /// <summary>The configured origins, split on commas, trimmed, without a trailing slash.</summary>
    public IReadOnlyList<string> ResolvedCorsOrigins() =>
        CorsOrigins
            .SelectMany(o => (o ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(o => o == "*" ? o : o.TrimEnd('/'))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (entry, network) in ResolvedKnownProxies())
            if (network is null)
                yield return new ValidationResult($"known proxy '{entry}' is not an IP address or network (e.g. 127.0.0.1 or 10.0.0.0/8).", [nameof(KnownProxies)]);
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
