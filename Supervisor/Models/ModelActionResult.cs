namespace SdSupervised.Supervisor.Models;

/// <summary>A load or unload asked for by reference: refused before any worker was touched, or the per-worker outcomes.</summary>
public sealed record ModelActionResult(ModelActionError? Error, string Message, ModelEntry? Entry, IReadOnlyList<ModelOperationResult> Results)
{
    public static ModelActionResult Refused(ModelActionError error, string message, ModelEntry? entry = null) => new(error, message, entry, []);
}
