using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Generation.Presets;

/// <summary>
/// The catalog's text files of one kind (presets/, prompts/, neg_prompts/), found by name. A name is the file name
/// without its extension; when two files share it (<c>portrait.json</c> and <c>portrait.yaml</c>) the first extension
/// of the folder's list wins (<see cref="ModelLayout"/>: .json before .yaml before .yml; .txt before .json), then the
/// shorter path. The file read is always a catalog entry's path, never one built from the name.
/// </summary>
public sealed class CatalogTextFiles(ModelCatalog catalog)
{
    public async Task<IReadOnlyList<ModelEntry>> ListAsync(ModelType type, CancellationToken cancellationToken)
    {
        var snapshot = await catalog.WhenReadyAsync(cancellationToken);
        var extensions = ModelLayout.FolderOf(type).Extensions;
        return snapshot.Entries
            .Where(e => e.Type.HasFlag(type))
            .OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(e => Rank(extensions, e.RelativePath))
            .ThenBy(e => e.RelativePath.Length)
            .ThenBy(e => e.RelativePath, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The file named <paramref name="name"/> (exact, else the only case-insensitive match), or null.</summary>
    public async Task<ModelEntry?> FindAsync(ModelType type, string name, CancellationToken cancellationToken)
    {
        var all = await ListAsync(type, cancellationToken);
        return all.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.Ordinal))
            ?? (all.Where(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)).Select(e => e.Name).Distinct(StringComparer.Ordinal).Count() == 1
                ? all.First(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
                : null);
    }

    /// <summary>The names there are, for "unknown name" messages (the first <paramref name="max"/>).</summary>
    public static string Known(IReadOnlyList<ModelEntry> entries, string what, int max = 20)
    {
        var names = entries.Select(e => e.Name).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
            return $"there are no {what} files";
        var shown = string.Join(", ", names.Take(max));
        return names.Count > max ? $"{what} files: {shown} and {names.Count - max} more" : $"{what} files: {shown}";
    }

    private static int Rank(IReadOnlyList<string> extensions, string path)
    {
        for (var i = 0; i < extensions.Count; i++)
            if (path.EndsWith(extensions[i], StringComparison.OrdinalIgnoreCase))
                return i;
        return extensions.Count;
    }
}
