using SdSupervised.Contracts;

namespace SdSupervised.Supervisor.Models;

/// <summary>
/// <see cref="IModelResolver"/> backed by the catalog: the job's model (or the default) becomes a load spec with the
/// model's path and its picked companions, keyed by the catalog id. The synthetic engine needs no file, so when the
/// catalog has no model by the configured default's name and the engine is synthetic, the default passes through
/// by name (an empty models directory still serves demos and tests). Either way the catalog's embeddings go with it
/// (<see cref="EmbeddingSet"/>).
/// </summary>
public sealed class CatalogModelResolver(
    ModelCatalog catalog,
    LoadedModelRegistry registry,
    DefaultModelSetting defaultModel) : IModelResolver
{
    public async Task<ModelResolution> ResolveAsync(string? requestedModel, CancellationToken cancellationToken)
    {
        var name = requestedModel ?? defaultModel.Current;
        var snapshot = await catalog.WhenReadyAsync(cancellationToken);
        var lookup = snapshot.Find(name);
        switch (lookup.Status)
        {
            case ModelLookupStatus.Found:
                var spec = CompanionResolver.BuildSpec(lookup.Entry!, out var error);
                if (spec is null)
                    return ModelResolution.NotFound(error!);
                spec = EmbeddingSet.With(spec, lookup.Entry, snapshot.Entries);
                registry.Record(spec, snapshot.Root);
                return ModelResolution.Found(spec);
            case ModelLookupStatus.NotFound when defaultModel.IsSyntheticDefault(name):
                var synthetic = EmbeddingSet.With(new ModelLoadSpec { ModelId = name }, null, snapshot.Entries);
                registry.Record(synthetic, snapshot.Root);
                return ModelResolution.Found(synthetic);
            default:
                return ModelResolution.NotFound(lookup.Message);
        }
    }
}
