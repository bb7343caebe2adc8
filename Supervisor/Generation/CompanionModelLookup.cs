using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Models.Detection;

namespace SdSupervised.Supervisor.Generation;

/// <summary>What a request names a companion model for; each accepts the catalog files of one role.</summary>
public enum CompanionUse
{
    Vae,
    Lora,
    ControlNet,
    Upscaler,
    /// <summary>Only files detected as PhotoMaker weights (the catalog's photomaker kind).</summary>
    PhotoMaker,
    Taesd,
}

/// <summary>
/// Finds the models a request names besides the main one (VAE, LoRAs, ControlNet, ESRGAN): at submit, so a typo or a
/// file of the wrong kind is a 400 naming the field; at run time by the stored catalog id, for its path.
/// </summary>
public sealed class CompanionModelLookup(ModelCatalog catalog)
{
    public async Task<(ModelEntry? Entry, string? Error)> FindAsync(string name, CompanionUse use, CancellationToken cancellationToken)
    {
        var snapshot = await catalog.WhenReadyAsync(cancellationToken);
        var lookup = snapshot.Find(name, e => Fits(e, use));
        if (lookup.Status == ModelLookupStatus.NotFound && use == CompanionUse.ControlNet)
            lookup = ByNamePart(snapshot, name.Trim(), use) ?? lookup;
        if (lookup.Status != ModelLookupStatus.Found)
        {
            var others = snapshot.Entries.Where(e => Fits(e, use)).Select(e => e.Id).Take(10).ToList();
            var known = others.Count == 0 ? $"the catalog has no {Describe(use)} files" : $"{Describe(use)} files: {string.Join(", ", others)}";
            return (null, lookup.Status == ModelLookupStatus.NotFound ? $"'{name}' is not in the catalog ({known})" : lookup.Message);
        }
        var entry = lookup.Entry!;
        if (!entry.IsValid)
            return (null, $"'{entry.Id}' is not a usable model file: {entry.Invalid}");
        return Fits(entry, use) ? (entry, null) : (null, $"'{entry.Id}' is not a {Describe(use)} (it is {entry.Architecture.Role})");
    }

    /// <summary>The absolute path of a stored catalog id, or why not (the file may have gone since submit).</summary>
    public async Task<(string? Path, string? Error)> PathOfAsync(string id, CompanionUse use, CancellationToken cancellationToken)
    {
        var snapshot = await catalog.WhenReadyAsync(cancellationToken);
        return snapshot.ById(id) is { } entry
            ? (entry.FullPath, null)
            : (null, $"the {Describe(use)} '{id}' is no longer in the catalog; was the file removed?");
    }

    /// <summary>
    /// The seed's <c>"control_net_model": "canny"</c>: a word naming what the ControlNet conditions on finds the one
    /// ControlNet whose file name contains it (several: the answer lists them). Null when none does.
    /// </summary>
    private static ModelLookup? ByNamePart(CatalogSnapshot snapshot, string part, CompanionUse use)
    {
        if (part.Length == 0 || part.Contains('/'))
            return null;
        var matches = snapshot.Entries
            .Where(e => e.IsValid && Fits(e, use) && Path.GetFileName(e.RelativePath).Contains(part, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return matches.Count switch
        {
            0 => null,
            1 => ModelLookup.Found(matches[0]),
            _ => new ModelLookup(ModelLookupStatus.Ambiguous, null,
                $"'{part}' is in the name of several {Describe(use)} files: {string.Join(", ", matches.Select(e => $"'{e.Id}'"))}; name one by its id"),
        };
    }

    /// <summary>
    /// A file a request names by its path inside the models directory (PhotoMaker v2's ID embeddings), as an absolute
    /// path, or why not: paths that leave the directory (also through a link) are refused like model references.
    /// </summary>
    public (string? Path, string? Error) DataFile(string relative)
    {
        if (ModelReference.Problem(relative.Trim()) is { } problem)
            return (null, problem.Replace("a model reference", "the path", StringComparison.Ordinal));
        var root = RealPath.Of(catalog.Root) ?? catalog.Root;
        var full = Path.Combine(catalog.Root, relative.Trim());
        if (!File.Exists(full) || RealPath.Of(full) is not { } real || !RealPath.IsInside(real, root))
            return (null, $"'{relative.Trim()}' is not a file in the models directory");
        return (full, null);
    }

    private static bool Fits(ModelEntry entry, CompanionUse use) => use switch
    {
        CompanionUse.PhotoMaker => entry.Architecture.Role == ModelRole.PhotoMaker || entry.Type.HasFlag(ModelType.Photomaker),
        CompanionUse.Vae => entry.Architecture.Role == ModelRole.Vae || entry.Type.HasFlag(ModelType.Vae),
        CompanionUse.Lora => entry.Architecture.Role == ModelRole.Lora || entry.Type.HasFlag(ModelType.Lora),
        CompanionUse.ControlNet => entry.Architecture.Role == ModelRole.ControlNet || entry.Type.HasFlag(ModelType.Controlnet),
        CompanionUse.Taesd => entry.Architecture.Role == ModelRole.Taesd,
        _ => entry.Architecture.Role == ModelRole.Upscaler || entry.Type.HasFlag(ModelType.Esrgan) || entry.Type.HasFlag(ModelType.Upscaler),
    };

    private static string Describe(CompanionUse use) => use switch
    {
        CompanionUse.Vae => "VAE",
        CompanionUse.Lora => "LoRA",
        CompanionUse.ControlNet => "ControlNet",
        CompanionUse.PhotoMaker => "PhotoMaker",
        CompanionUse.Taesd => "TAESD",
        _ => "ESRGAN upscaler",
    };

    /// <summary>Every catalog file usable for <paramref name="use"/> (for listings and defaults).</summary>
    public async Task<IReadOnlyList<ModelEntry>> ListAsync(CompanionUse use, CancellationToken cancellationToken)
    {
        var snapshot = await catalog.WhenReadyAsync(cancellationToken);
        return snapshot.Entries.Where(e => e.IsValid && Fits(e, use)).ToList();
    }
}
