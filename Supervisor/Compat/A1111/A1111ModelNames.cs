using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>A job's model as A1111 names it: <c>sd_model_name</c> (file name without extension) and the short hash when known.</summary>
public sealed class A1111ModelNames(ModelCatalog catalog, ModelHasher hasher, IOptions<SupervisorOptions> options)
{
    /// <param name="modelId">The job's catalog id; null is the synthetic engine's file-less default model.</param>
    public (string? Name, string? ShortHash) Describe(string? modelId)
    {
        if (modelId is null)
            return (options.Value.DefaultModel, null);
        var entry = catalog.Current.ById(modelId);
        return entry is null ? (modelId, null) : (entry.Name, hasher.Cached(entry)?.ShortHash);
    }
}
