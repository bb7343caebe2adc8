using SdSupervised.Contracts;

namespace SdSupervised.Supervisor.Models;

/// <summary>
/// Turns the model a job names (or the default) into what a worker must load. The catalog implements it by
/// detecting architectures and picking companions; a failure is a clear message, never an exception.
/// </summary>
public interface IModelResolver
{
    Task<ModelResolution> ResolveAsync(string? requestedModel, CancellationToken cancellationToken);
}

/// <summary>Either a load spec (its <see cref="ModelLoadSpec.ModelId"/> is the key for "already loaded") or why not.</summary>
public sealed record ModelResolution(ModelLoadSpec? Spec, string? Error)
{
    public static ModelResolution Found(ModelLoadSpec spec) => new(spec, null);
    public static ModelResolution NotFound(string error) => new(null, error);
}
