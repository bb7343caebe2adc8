
namespace SdSupervised.Supervisor.Models;

/// <summary>
/// Checks a job's model when it is submitted, so a typo is a 400 now rather than a failed job later, and stores
/// the catalog id: the scheduler's model affinity and the worker's loaded model then use the same key.
/// </summary>
public sealed class ModelSelection(ModelCatalog catalog, DefaultModelSetting defaultModel)
{
    public async Task<ModelChoice> ForJobAsync(string? requested, CancellationToken cancellationToken)
    {
        var name = string.IsNullOrWhiteSpace(requested) ? null : requested.Trim();
        var effective = name ?? defaultModel.Current;
        var snapshot = await catalog.WhenReadyAsync(cancellationToken);
        var lookup = snapshot.Find(effective);
        switch (lookup.Status)
        {
            case ModelLookupStatus.Found:
                var entry = lookup.Entry!;
                if (CompanionResolver.BuildSpec(entry, out var error) is null)
                    return new ModelChoice(null, error);
                return new ModelChoice(entry.Id, null);
            case ModelLookupStatus.NotFound when defaultModel.IsSyntheticDefault(effective):
                // Keep what the request said: null still means "the default" to the scheduler and the runner.
                return new ModelChoice(name, null);
            case ModelLookupStatus.NotFound when name is null:
                return new ModelChoice(null, $"no model given, and the default (--default-model): {lookup.Message}");
            default:
                return new ModelChoice(null, lookup.Message);
        }
    }
}
