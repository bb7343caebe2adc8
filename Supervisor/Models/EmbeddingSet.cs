using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Models.Detection;

namespace SdSupervised.Supervisor.Models;

/// <summary>
/// The textual-inversion embeddings a context gets: every valid embedding file of the catalog, by its file name
/// (what a prompt writes to use it, as stable-diffusion.cpp matches them), leaving out those whose header says they
/// are for another family than the model's. The set is part of the loaded-model key (<c>+emb:&lt;hash&gt;</c> of
/// names, sizes and times), so a new or changed embedding file makes the next load take it, and an unchanged set
/// never reloads anything.
/// </summary>
public static class EmbeddingSet
{
    public static ModelLoadSpec With(ModelLoadSpec spec, ModelEntry? model, IReadOnlyList<ModelEntry> catalog)
    {
        var chosen = For(model, catalog);
        if (chosen.Count == 0)
            return spec;
        return spec with
        {
            Embeddings = [.. chosen.Select(e => new EmbeddingSpec { Name = e.Name, Path = e.FullPath })],
            ModelId = $"{spec.ModelId}+emb:{Fingerprint(chosen)}",
        };
    }

    /// <summary>The embedding files for <paramref name="model"/> (null: a model the catalog does not know, which takes them all), one per name.</summary>
    public static IReadOnlyList<ModelEntry> For(ModelEntry? model, IReadOnlyList<ModelEntry> catalog)
    {
        ModelFamily? family = model is null ? null : model.Detection.BaseFamily ?? model.Architecture.Family;
        return catalog
            .Where(e => e.IsValid && e.Architecture.Role == ModelRole.Embedding)
            .Where(e => family is null or ModelFamily.Unknown || e.Detection.BaseFamily is null or ModelFamily.Unknown || e.Detection.BaseFamily == family)
            .OrderBy(e => e.RelativePath, StringComparer.Ordinal)
            .DistinctBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static string Fingerprint(IEnumerable<ModelEntry> entries)
    {
        var text = new StringBuilder();
        foreach (var e in entries)
            text.Append(e.Name).Append('\0').Append(e.RelativePath).Append('\0')
                .Append(e.Size.ToString(CultureInfo.InvariantCulture)).Append('\0')
                .Append(e.ModifiedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..8];
    }
}
