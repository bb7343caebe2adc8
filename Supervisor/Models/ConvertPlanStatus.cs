namespace SdSupervised.Supervisor.Models;

/// <summary>Whether a conversion request can be queued.</summary>
public enum ConvertPlanStatus
{
    Accepted,
    /// <summary>A field is wrong (answer 400 naming it).</summary>
    Invalid,
    /// <summary>The output file exists already (answer 409).</summary>
    Conflict,
}
