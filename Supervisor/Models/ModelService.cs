using SdSupervised.Supervisor.Models.Detection;
using SdSupervised.Supervisor.Models.Headers;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Models;

/// <summary>What the model endpoints do, without HTTP: list, look up, load and unload by reference, validate.</summary>
public sealed class ModelService(ModelCatalog catalog, WorkerModelOperations operations, LoadedModelRegistry registry, WorkerPool pool)
{
    public ModelCatalog Catalog => catalog;

    public ModelPage List(ModelQuery query)
    {
        IEnumerable<ModelEntry> entries = catalog.Current.Entries;
        if (query.Types is { } types)
            entries = entries.Where(e => (e.Type & types) != 0);
        if (!string.IsNullOrWhiteSpace(query.Architecture))
            entries = entries.Where(e => string.Equals(e.Architecture.Id, query.Architecture, StringComparison.OrdinalIgnoreCase));
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var s = query.Search.Trim();
            entries = entries.Where(e => e.Name.Contains(s, StringComparison.OrdinalIgnoreCase)
                || e.RelativePath.Contains(s, StringComparison.OrdinalIgnoreCase)
                || e.Architecture.Id.Contains(s, StringComparison.OrdinalIgnoreCase)
                || e.Architecture.DisplayName.Contains(s, StringComparison.OrdinalIgnoreCase));
        }
        var ordered = query.SortBy switch
        {
            ModelSort.Size => Order(entries, e => e.Size, query.Descending),
            ModelSort.Date => Order(entries, e => e.ModifiedAt, query.Descending),
            ModelSort.Type => Order(entries, e => ModelLayout.TypeName(e.Type), query.Descending),
            _ => Order(entries, e => e.Name.ToLowerInvariant(), query.Descending),
        };
        var all = ordered.ThenBy(e => e.RelativePath, StringComparer.Ordinal).ToList();
        var page = all.Skip((query.Page - 1) * query.Limit).Take(query.Limit).ToList();
        return new ModelPage(page, all.Count, query.Page, query.Limit);
    }

    /// <summary>The workers holding <paramref name="modelId"/> right now.</summary>
    public IReadOnlyList<string> LoadedOn(string modelId) =>
        pool.Slots.Where(s => ModelIds.IsLoadOf(s.LoadedModel, modelId)).Select(s => s.WorkerId).ToList();

    public async Task<ModelLookup> FindAsync(string? reference, CancellationToken cancellationToken) =>
        (await catalog.WhenReadyAsync(cancellationToken)).Find(reference);

    public async Task<ModelActionResult> LoadAsync(string? reference, string? workerId, CancellationToken cancellationToken)
    {
        var lookup = await FindAsync(reference, cancellationToken);
        if (Refusal(lookup) is { } refused)
            return refused;
        var entry = lookup.Entry!;
        var spec = CompanionResolver.BuildSpec(entry, out var error);
        if (spec is null)
            return ModelActionResult.Refused(ModelActionError.NotLoadable, error!, entry);
        // The same embeddings a job's load would take, so a job after this load finds the model already loaded.
        spec = EmbeddingSet.With(spec, entry, catalog.Current.Entries);
        registry.Record(spec, catalog.Root);
        var result = await operations.LoadAsync(spec, workerId, cancellationToken);
        return new ModelActionResult(null, result.Message, entry, [result]);
    }

    public async Task<ModelActionResult> UnloadAsync(string? reference, string? workerId, CancellationToken cancellationToken)
    {
        var lookup = await FindAsync(reference, cancellationToken);
        string modelId;
        if (lookup.Status == ModelLookupStatus.Found)
            modelId = LoadedVariant(lookup.Entry!.Id, workerId);
        else if (lookup.Status == ModelLookupStatus.NotFound && pool.Slots.Any(s => s.LoadedModel == reference))
            // A model loaded by name only (the synthetic default) can still be unloaded by that name.
            modelId = reference!;
        else
            return Refusal(lookup)!;
        var results = await operations.UnloadAsync(modelId, workerId, cancellationToken);
        return new ModelActionResult(null, string.Join("; ", results.Select(r => r.Message)), lookup.Entry, results);
    }

    /// <summary>
    /// The id a worker holds catalog model <paramref name="id"/> under: the id itself, or the id with the job's VAE,
    /// TAESD or the embedding set after it (<c>&lt;id&gt;+emb:…</c>), so unloading by the catalog id finds it.
    /// </summary>
    private string LoadedVariant(string id, string? workerId)
    {
        var slots = pool.Slots.Where(s => workerId is null || s.WorkerId == workerId).ToList();
        if (slots.Any(s => string.Equals(s.LoadedModel, id, StringComparison.Ordinal)))
            return id;
        return slots.Select(s => s.LoadedModel).FirstOrDefault(m => ModelIds.IsLoadOf(m, id)) ?? id;
    }

    /// <summary>Reads the header again now (not the cache) and checks it against the file and the catalog.</summary>
    public ModelValidation Validate(ModelEntry entry)
    {
        var checks = new List<ModelCheck>();
        var read = File.Exists(entry.FullPath)
            ? ModelHeaderReader.Read(entry.FullPath)
            : HeaderReadResult.Bad("the file is gone (rescan with POST /api/models/refresh)");
        var header = read.Header;
        checks.Add(new ModelCheck("header", header is not null, header is null ? read.Invalid! : Describe(header)));

        var sizeOk = header is not null;
        if (header is { Format: ModelFileFormat.Safetensors or ModelFileFormat.Gguf })
        {
            sizeOk = header.DataEnd <= header.FileLength;
            var message = header.DataEnd == header.FileLength
                ? $"the file holds all {header.Tensors.Count} tensors' data ({header.FileLength} bytes)"
                : header.DataEnd < header.FileLength
                    ? $"the data ends at byte {header.DataEnd}, {header.FileLength - header.DataEnd} bytes before the end of the file"
                    : $"the header needs {header.DataEnd} bytes but the file has {header.FileLength}: it is truncated";
            checks.Add(new ModelCheck("size", sizeOk, message));
        }
        else if (header is not null)
        {
            checks.Add(new ModelCheck("size", true, header.Format == ModelFileFormat.Pickle ? "not checked: " + ModelHeaderReader.PickleReason : "not a tensor file"));
        }

        var info = entry.Architecture;
        checks.Add(new ModelCheck("architecture", entry.Detection.Architecture != ModelArchitecture.Unknown,
            entry.Detection.Architecture == ModelArchitecture.Unknown ? entry.Detection.Reason : $"{info.DisplayName}: {entry.Detection.Reason}"));

        if (info.Role == ModelRole.DiffusionModel)
        {
            var missing = entry.MissingRequirements.Select(r => r.Missing!).ToList();
            var met = entry.Requirements.Where(r => r.IsMet)
                .Select(r => $"{CompanionResolver.KindName(r.Kind)}: {(r.Embedded ? "inside the file" : r.Provider!.Id)}");
            checks.Add(new ModelCheck("requirements", missing.Count == 0, missing.Count == 0 ? (met.Any() ? string.Join(", ", met) : "none needed") : string.Join("; ", missing)));
        }

        var loadable = CompanionResolver.BuildSpec(entry, out var error) is not null;
        checks.Add(new ModelCheck("loadable", loadable, loadable ? $"loads as {LoadingName(entry.Loading)}{(entry.LoadsByTrying ? ", then as diffusion_model_path if that fails (architecture unknown until loaded)" : "")}" : error!));
        return new ModelValidation(entry, header is not null && sizeOk, loadable, checks);
    }

    public static string LoadingName(LoadingMethod method) => method switch
    {
        LoadingMethod.ModelPath => "model_path",
        LoadingMethod.DiffusionModelPath => "diffusion_model_path",
        _ => "none",
    };

    private static string Describe(ModelHeader header) => header.Format switch
    {
        ModelFileFormat.Gguf => $"GGUF v{header.Version}, {header.Tensors.Count} tensors, {header.Metadata.Count} metadata keys",
        ModelFileFormat.Safetensors => $"safetensors, {header.Tensors.Count} tensors, header {header.HeaderLength} bytes",
        ModelFileFormat.Pickle => ModelHeaderReader.PickleReason,
        _ => header.Format.ToString().ToLowerInvariant(),
    };

    private static ModelActionResult? Refusal(ModelLookup lookup) => lookup.Status switch
    {
        ModelLookupStatus.Found => null,
        ModelLookupStatus.NotFound => ModelActionResult.Refused(ModelActionError.NotFound, lookup.Message),
        _ => ModelActionResult.Refused(ModelActionError.BadReference, lookup.Message),
    };

    private static IOrderedEnumerable<ModelEntry> Order<TKey>(IEnumerable<ModelEntry> entries, Func<ModelEntry, TKey> key, bool descending) =>
        descending ? entries.OrderByDescending(key) : entries.OrderBy(key);
}
