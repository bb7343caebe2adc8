namespace SdSupervised.Supervisor.Models;

/// <summary>
/// The catalog as of one scan: immutable, swapped whole, so readers never see a half-built list.
/// References resolve by id, then by relative path, then by file name (with, then without, extension).
/// </summary>
public sealed class CatalogSnapshot
{
    private readonly Dictionary<string, ModelEntry> _byId;
    private readonly Dictionary<string, ModelEntry> _byPath;
    private readonly ILookup<string, ModelEntry> _byFileName;
    private readonly ILookup<string, ModelEntry> _byName;

    public CatalogSnapshot(string root, IReadOnlyList<ModelEntry> entries, ScanStats? stats)
    {
        Root = root;
        Entries = entries;
        LastScan = stats;
        _byId = entries.ToDictionary(e => e.Id, StringComparer.OrdinalIgnoreCase);
        _byPath = entries.ToDictionary(e => e.RelativePath, StringComparer.Ordinal);
        _byFileName = entries.ToLookup(e => Path.GetFileName(e.RelativePath), StringComparer.OrdinalIgnoreCase);
        _byName = entries.ToLookup(e => e.Name, StringComparer.OrdinalIgnoreCase);
    }

    public static CatalogSnapshot Empty(string root) => new(root, [], null);

    /// <summary>The models directory (absolute).</summary>
    public string Root { get; }
    public IReadOnlyList<ModelEntry> Entries { get; }
    /// <summary>Null until the first scan has finished.</summary>
    public ScanStats? LastScan { get; }

    public ModelEntry? ById(string id) => _byId.GetValueOrDefault(id);

    public ModelLookup Find(string? reference) => Find(reference, kind: null);

    /// <summary>
    /// As <see cref="Find(string?)"/>, for a field that takes one kind of model: a name shared with files of other
    /// kinds (a LoRA and an ESRGAN file both called <c>detail</c>) names the one of that kind.
    /// </summary>
    public ModelLookup Find(string? reference, Func<ModelEntry, bool>? kind)
    {
        var trimmed = reference?.Trim();
        if (ModelReference.Problem(trimmed) is { } problem)
            return new ModelLookup(ModelLookupStatus.Invalid, null, problem);
        var r = trimmed!;
        if (_byId.TryGetValue(r, out var byId))
            return ModelLookup.Found(byId);
        if (_byPath.TryGetValue(r, out var byPath))
            return ModelLookup.Found(byPath);
        if (r.Contains('/'))
            return NotFound(r);
        foreach (var candidates in new[] { _byFileName[r], _byName[r] })
        {
            var list = candidates.ToList();
            if (list.Count > 1 && kind is not null && list.Count(kind) == 1)
                return ModelLookup.Found(list.Single(kind));
            if (list.Count == 1)
                return ModelLookup.Found(list[0]);
            if (list.Count > 1)
                return new ModelLookup(ModelLookupStatus.Ambiguous, null,
                    $"model '{r}' is ambiguous: it names {string.Join(", ", list.Select(e => $"'{e.Id}'"))}; use the id or the path");
        }
        return NotFound(r);
    }

    private ModelLookup NotFound(string reference)
    {
        var generation = Entries.Where(e => e.Loading != Detection.LoadingMethod.None).Select(e => e.Id).ToList();
        var known = generation.Count == 0
            ? Entries.Count == 0 ? "the models directory has no model files" : "the catalog has no loadable models"
            : $"models: {string.Join(", ", generation.Take(10))}{(generation.Count > 10 ? $" and {generation.Count - 10} more" : "")}";
        return new ModelLookup(ModelLookupStatus.NotFound, null, $"model '{reference}' is not in the catalog ({known}; GET /api/models lists them)");
    }
}
