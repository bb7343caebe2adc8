using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Models.Detection;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>
/// The model catalog in A1111's listing shapes. Checkpoints are the files a job can run (full checkpoints and
/// diffusion models); hashes are shown once something has computed them (A1111 also hashes lazily). On the synthetic
/// engine the file-less default model is listed too, so a client always sees the checkpoint it is using.
/// </summary>
public sealed class A1111Catalog(ModelCatalog catalog, ModelHasher hasher, DefaultModelSetting defaults, IOptions<SupervisorOptions> options)
{
    public async Task<IReadOnlyList<A1111SdModel>> CheckpointsAsync(CancellationToken cancellationToken)
    {
        var entries = Checkpoints(await catalog.WhenReadyAsync(cancellationToken));
        var list = entries.Select(e =>
        {
            var hash = hasher.Cached(e);
            return new A1111SdModel(A1111ModelTitles.Title(e, entries, hash?.ShortHash), e.Name, hash?.ShortHash, hash?.Sha256, e.FullPath, null);
        }).ToList();
        var configured = options.Value.DefaultModel;
        if (defaults.IsSyntheticDefault(configured) && !list.Any(m => m.Title == configured))
            list.Insert(0, new A1111SdModel(configured, configured, null, null, "", null));
        return list;
    }

    /// <summary>The current default model's title, as <c>sd-models</c> lists it (or its reference when not in the catalog).</summary>
    public async Task<string> CurrentCheckpointTitleAsync(CancellationToken cancellationToken)
    {
        var current = defaults.Current;
        var snapshot = await catalog.WhenReadyAsync(cancellationToken);
        var lookup = snapshot.Find(current);
        return lookup.Status == ModelLookupStatus.Found
            ? A1111ModelTitles.Title(lookup.Entry!, Checkpoints(snapshot), hasher.Cached(lookup.Entry!)?.ShortHash)
            : current;
    }

    public async Task<IReadOnlyList<A1111SdVae>> VaesAsync(CancellationToken cancellationToken) =>
        OfType(await catalog.WhenReadyAsync(cancellationToken), ModelType.Vae)
            .Select(e => new A1111SdVae(Path.GetFileName(e.RelativePath), e.FullPath)).ToList();

    public async Task<IReadOnlyList<A1111Lora>> LorasAsync(CancellationToken cancellationToken) =>
        OfType(await catalog.WhenReadyAsync(cancellationToken), ModelType.Lora)
            .Select(e => new A1111Lora(e.Name, e.Name, e.FullPath, e.Metadata)).ToList();

    /// <summary>The built-in resizers, then every ESRGAN model by name (what <c>hr_upscaler</c> and <c>upscaler_1</c> take).</summary>
    public async Task<IReadOnlyList<A1111Upscaler>> UpscalersAsync(CancellationToken cancellationToken)
    {
        var builtIn = HiresUpscalers.Names.Where(n => !n.StartsWith("Latent", StringComparison.Ordinal))
            .Select(n => new A1111Upscaler(n, null, null, null, 4));
        var models = OfType(await catalog.WhenReadyAsync(cancellationToken), ModelType.Esrgan | ModelType.Upscaler)
            .Select(e => new A1111Upscaler(e.Name, "ESRGAN", e.FullPath, null, 4));
        return [.. builtIn, .. models];
    }

    /// <summary>The catalog's ESRGAN models (what <c>extra-single-image</c> runs), in A1111's Real-ESRGAN listing.</summary>
    public async Task<IReadOnlyList<A1111RealesrganModel>> RealesrganModelsAsync(CancellationToken cancellationToken) =>
        OfType(await catalog.WhenReadyAsync(cancellationToken), ModelType.Esrgan | ModelType.Upscaler)
            .Select(e => new A1111RealesrganModel(e.Name, e.FullPath, 4)).ToList();

    /// <summary>The embedding files of the catalog, by the name a prompt uses; none is skipped (workers load them all).</summary>
    public async Task<A1111Embeddings> EmbeddingsAsync(CancellationToken cancellationToken)
    {
        var loaded = new SortedDictionary<string, A1111Embedding>(StringComparer.Ordinal);
        foreach (var entry in OfType(await catalog.WhenReadyAsync(cancellationToken), ModelType.Embedding))
            loaded.TryAdd(entry.Name, new A1111Embedding(null, null, null, null, null));
        return new A1111Embeddings(loaded, new Dictionary<string, A1111Embedding>());
    }

    public static IReadOnlyList<A1111NamedItem> LatentUpscaleModes() =>
        HiresUpscalers.Names.Where(n => n.StartsWith("Latent", StringComparison.Ordinal)).Select(n => new A1111NamedItem(n)).ToList();

    private static List<ModelEntry> Checkpoints(CatalogSnapshot snapshot) =>
        snapshot.Entries.Where(e => e.Loading != LoadingMethod.None).OrderBy(e => e.RelativePath, StringComparer.OrdinalIgnoreCase).ToList();

    private static IEnumerable<ModelEntry> OfType(CatalogSnapshot snapshot, ModelType types) =>
        snapshot.Entries.Where(e => e.IsValid && (e.Type & types) != 0).OrderBy(e => e.RelativePath, StringComparer.OrdinalIgnoreCase);
}
