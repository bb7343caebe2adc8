namespace SdSupervised.Supervisor.Models;

/// <summary>How a model reference from a request resolved against the catalog.</summary>
public sealed record ModelLookup(ModelLookupStatus Status, ModelEntry? Entry, string Message)
{
    public static ModelLookup Found(ModelEntry entry) => new(ModelLookupStatus.Found, entry, "");
}
