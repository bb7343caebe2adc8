using System.Security.Cryptography;
using System.Text;

namespace SdSupervised.Supervisor.Models;

/// <summary>
/// Model ids: URL-safe and stable, derived from the path relative to the models directory alone, so a file keeps
/// its id across scans and restarts. Each folder level becomes a lower-case slug (<c>[a-z0-9._-]</c>, other runs
/// of characters become <c>-</c>), joined by <c>--</c>: <c>checkpoints/SD 1.5/v1-5.safetensors</c> is
/// <c>checkpoints--sd-1.5--v1-5.safetensors</c>. When two paths give the same slug, each gets <c>-</c> and the
/// first 8 hex digits of its path's SHA-256 appended.
/// </summary>
public static class ModelIds
{
    public const string Separator = "--";

    /// <summary>
    /// Whether a worker's loaded-model key is a load of catalog model <paramref name="modelId"/>: the id itself, or the
    /// id with its load options after a '+' (a job's VAE or TAESD, the embedding set: <c>&lt;id&gt;+emb:…</c>). Ids are
    /// slugs, so '+' never occurs in one.
    /// </summary>
    public static bool IsLoadOf(string? loadedKey, string? modelId) =>
        loadedKey is not null && modelId is not null
        && loadedKey.StartsWith(modelId, StringComparison.Ordinal)
        && (loadedKey.Length == modelId.Length || loadedKey[modelId.Length] == '+');

    /// <summary>Ids for a set of relative paths ('/'-separated), collisions resolved.</summary>
    public static IReadOnlyDictionary<string, string> Assign(IEnumerable<string> relativePaths)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in relativePaths.Distinct(StringComparer.Ordinal).GroupBy(Slug, StringComparer.Ordinal))
        {
            var paths = group.ToList();
            foreach (var path in paths)
                result[path] = paths.Count == 1 ? group.Key : $"{group.Key}-{ShortHash(path)}";
        }
        return result;
    }

    public static string Slug(string relativePath) =>
        string.Join(Separator, relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(SlugSegment));

    private static string SlugSegment(string segment)
    {
        var sb = new StringBuilder(segment.Length);
        foreach (var c in segment.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_')
                sb.Append(c);
            else if (sb.Length == 0 || sb[^1] != '-')
                sb.Append('-');
        }
        // Runs of other characters are one '-', so a part never holds the separator. No id part may read as a path step ("." or ".."), start with a dot, or be empty.
        var slug = sb.ToString().Trim('-').TrimStart('.');
        return slug.Length == 0 ? "x" : slug;
    }

    private static string ShortHash(string path) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path)))[..8];
}
