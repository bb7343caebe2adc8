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

    private static bool Fits(ModelEntry entry, CompanionUse use) => use switch
    {
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
