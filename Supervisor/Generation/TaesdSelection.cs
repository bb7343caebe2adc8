using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Models.Detection;

namespace SdSupervised.Supervisor.Generation;

/// <summary>
/// Which TAESD a request's <c>taesd</c> means for its model: <c>true</c> (<see cref="TaesdChoice.Auto"/>) takes the
/// catalog's best fit for the model's family (as the companion picker ranks them), a name takes that file if it is a
/// TAESD of a fitting family. A model with no catalog entry (the synthetic default) takes the first TAESD there is.
/// Every refusal says what there is instead.
/// </summary>
public sealed class TaesdSelection(ModelCatalog catalog, CompanionModelLookup companions)
{
    public async Task<(string? Id, string? Error)> ResolveAsync(string choice, string? modelId, CancellationToken cancellationToken)
    {
        var snapshot = await catalog.WhenReadyAsync(cancellationToken);
        var model = modelId is null ? null : snapshot.ById(modelId);
        if (choice == TaesdChoice.Auto)
            return Pick(model, snapshot.Entries);
        var (entry, error) = await companions.FindAsync(choice, CompanionUse.Taesd, cancellationToken);
        if (entry is null)
            return (null, error);
        return Need(model) is { Family: { } family } && family != ModelFamily.Unknown && entry.Detection.BaseFamily is { } own && own != ModelFamily.Unknown && own != family
            ? (null, $"'{entry.Id}' decodes {own} latents, but '{model!.Id}' is {model.Architecture.DisplayName}")
            : (entry.Id, null);
    }

    /// <summary>The TAESD for <paramref name="model"/> among <paramref name="entries"/>, or why there is none.</summary>
    public static (string? Id, string? Error) Pick(ModelEntry? model, IReadOnlyList<ModelEntry> entries)
    {
        var all = entries.Where(e => e.IsValid && e.Architecture.Role == ModelRole.Taesd).OrderBy(e => e.RelativePath, StringComparer.Ordinal).ToList();
        var known = all.Count == 0 ? "the catalog has no TAESD files (put one in the models directory's taesd/ folder)" : $"TAESD files: {string.Join(", ", all.Take(10).Select(e => e.Id))}";
        if (model is null)
            return all.Count > 0 ? (all[0].Id, null) : (null, $"taesd: true needs a TAESD model; {known}");
        if (Need(model) is not { } need)
            return (null, $"'{model.Id}' is {model.Architecture.DisplayName}, which has no TAESD decoder; leave taesd out");
        var fit = CompanionResolver.Candidates(need, all).FirstOrDefault();
        return fit is not null
            ? (fit.Id, null)
            : (null, $"no TAESD in the catalog fits '{model.Id}' ({need.Family} latents); {known}");
    }

    private static CompanionRequirement? Need(ModelEntry? model) =>
        model?.Architecture.Companions.FirstOrDefault(c => c.Kind == CompanionKind.Taesd);
}
