using Microsoft.Extensions.Options;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Models;

/// <summary>
/// Resolves a model by name only, without a catalog: enough for the synthetic engine, which needs no file.
/// Replaced by the model catalog's resolver.
/// </summary>
public sealed class NameOnlyModelResolver(IOptions<SupervisorOptions> options) : IModelResolver
{
    public Task<ModelResolution> ResolveAsync(string? requestedModel, CancellationToken cancellationToken) =>
        Task.FromResult(ModelResolution.Found(new ModelLoadSpec { ModelId = requestedModel ?? options.Value.DefaultModel }));
}
