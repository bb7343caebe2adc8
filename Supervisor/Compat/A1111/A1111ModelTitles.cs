using System.Text.RegularExpressions;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>
/// A1111 names checkpoints by a <c>title</c>: the file name and, once hashed, its short hash in brackets
/// (<c>v1-5-pruned.safetensors [6ce0161689]</c>). Clients send titles back, so the bracket is taken off before the
/// catalog lookup (by file name, name, path or id).
/// </summary>
public static partial class A1111ModelTitles
{
    [GeneratedRegex(@"\s*\[[0-9a-fA-F]{8,64}\]\s*$")]
    private static partial Regex HashSuffix();

    /// <summary>The reference a title names: without its hash suffix; null when blank.</summary>
    public static string? Strip(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
            return null;
        var stripped = HashSuffix().Replace(title.Trim(), "");
        return stripped.Length == 0 ? null : stripped;
    }

    /// <summary>The short hash in a title's brackets, or null.</summary>
    public static string? HashOf(string? title)
    {
        var match = title is null ? null : HashSuffix().Match(title);
        return match is { Success: true } ? match.Value.Trim().Trim('[', ']') : null;
    }

    /// <summary>A1111's <c>sd_vae</c>: "Automatic" and "None" mean the model's own VAE (null).</summary>
    public static string? VaeReference(string? value)
    {
        var stripped = Strip(value);
        return stripped is null || stripped.Equals("Automatic", StringComparison.OrdinalIgnoreCase) || stripped.Equals("None", StringComparison.OrdinalIgnoreCase)
            ? null
            : stripped;
    }

    /// <summary>
    /// The title of a catalog entry among <paramref name="all"/>: its file name when no other listed file has the same
    /// one, else its path (so the title always resolves back to this file), then the short hash when known.
    /// </summary>
    public static string Title(ModelEntry entry, IReadOnlyCollection<ModelEntry> all, string? shortHash)
    {
        var fileName = Path.GetFileName(entry.RelativePath);
        var unique = all.Count(e => string.Equals(Path.GetFileName(e.RelativePath), fileName, StringComparison.OrdinalIgnoreCase)) <= 1;
        var name = unique ? fileName : entry.RelativePath;
        return shortHash is null ? name : $"{name} [{shortHash}]";
    }
}
