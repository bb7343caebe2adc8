using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Generation.Presets;

/// <summary>
/// The presets/ files of the catalog, read fresh on each use (they are a few fields, and an edit should count at
/// once), each checked against every request kind (<see cref="PresetTarget.All"/>): a preset that fits none is
/// listed as invalid with the reason, never a 500.
/// </summary>
public sealed class PresetLibrary(CatalogTextFiles files, PresetChecker checker)
{
    public async Task<IReadOnlyList<PresetInfo>> ListAsync(CancellationToken cancellationToken)
    {
        var result = new List<PresetInfo>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in await files.ListAsync(ModelType.Presets, cancellationToken))
            if (seen.Add(entry.Name))
                result.Add(await DescribeAsync(entry, cancellationToken));
        return result;
    }

    /// <summary>The preset named <paramref name="name"/>, or null when there is none.</summary>
    public async Task<PresetInfo?> FindAsync(string name, CancellationToken cancellationToken) =>
        await files.FindAsync(ModelType.Presets, name, cancellationToken) is { } entry ? await DescribeAsync(entry, cancellationToken) : null;

    /// <summary>The preset file named <paramref name="name"/> and its parsed content, or null when there is none.</summary>
    public async Task<(ModelEntry Entry, PresetDocument Document)?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        if (await files.FindAsync(ModelType.Presets, name, cancellationToken) is not { } entry)
            return null;
        return (entry, await PresetFileReader.ReadAsync(entry.FullPath, cancellationToken));
    }

    /// <summary>"preset files: a, b" or "there are no preset files".</summary>
    public async Task<string> KnownAsync(CancellationToken cancellationToken) =>
        CatalogTextFiles.Known(await files.ListAsync(ModelType.Presets, cancellationToken), "preset");

    private async Task<PresetInfo> DescribeAsync(ModelEntry entry, CancellationToken cancellationToken)
    {
        var document = await PresetFileReader.ReadAsync(entry.FullPath, cancellationToken);
        if (document.Fields is not { } fields)
        {
            var where = document.ErrorField is null ? "" : $" ({document.ErrorField})";
            return new PresetInfo(entry.Name, entry.RelativePath, null, [], [], $"{entry.RelativePath}{where}: {document.Error}",
                document.ErrorField is null ? null : new Dictionary<string, string[]> { [document.ErrorField] = [document.Error!] });
        }
        var fits = new List<string>();
        Dictionary<string, List<string>>? firstErrors = null;
        foreach (var target in PresetTarget.All)
        {
            var errors = checker.Check(fields, target);
            if (errors.Count == 0)
                fits.Add(target.Name);
            else
                firstErrors ??= errors;
        }
        string? error = null;
        IReadOnlyDictionary<string, string[]>? byField = null;
        if (fits.Count == 0 && firstErrors is not null)
        {
            byField = firstErrors.ToDictionary(e => e.Key, e => e.Value.ToArray());
            error = $"{entry.RelativePath} fits no request: " + string.Join(" ", firstErrors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
        }
        return new PresetInfo(entry.Name, entry.RelativePath, document.Description, fields, fits, error, byField);
    }
}
