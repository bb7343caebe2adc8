using System.ComponentModel.DataAnnotations;
using SdSupervised.Supervisor.Images;

namespace SdSupervised.Supervisor.Configuration;

/// <summary>
/// How images are fetched by URL (<c>Sds:ImageImport</c>). By default only public addresses are reachable,
/// so a request cannot make the server probe its own network (SSRF); the size cap is <c>Limits:MaxUploadBytes</c>.
/// </summary>
public sealed class ImageImportOptions : IValidatableObject
{
    /// <summary>Allow every private, loopback, link-local and CGNAT address (a trusted, local-only deployment).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// CIDRs (or single addresses) reachable even though they are in a refused range, e.g. <c>10.1.2.0/24</c>
    /// for an internal image store. Set as <c>Sds:ImageImport:AllowedNetworks:0</c>, <c>...:1</c>; an entry may
    /// also hold several, comma-separated.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>The whole download (DNS, connect, redirects, body).</summary>
    [Range(1, 600)] public int TimeoutSeconds { get; set; } = 15;

    [Range(0, 20)] public int MaxRedirects { get; set; } = 3;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in AllowedNetworkEntries())
        {
            if (!NetworkAddressPolicy.TryParseNetwork(entry, out _, out var error))
                yield return new ValidationResult(error, [nameof(AllowedNetworks)]);
        }
    }

    /// <summary>Every configured entry, comma-separated ones split, blanks dropped.</summary>
    public IEnumerable<string> AllowedNetworkEntries() => AllowedNetworks
        .SelectMany(e => (e ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
