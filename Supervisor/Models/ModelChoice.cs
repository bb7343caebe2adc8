namespace SdSupervised.Supervisor.Models;

/// <summary>The model a new job will run (the catalog id, or null for the synthetic default), or why the request is refused.</summary>
public sealed record ModelChoice(string? ModelId, string? Error)
{
    public bool Accepted => Error is null;
}
