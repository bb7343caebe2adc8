namespace SdSupervised.Supervisor.Models;

/// <summary>How a model reference resolved.</summary>
public enum ModelLookupStatus
{
    Found,
    NotFound,
    /// <summary>A file name without extension matched several files.</summary>
    Ambiguous,
    /// <summary>The reference tries to leave the models directory or is malformed (answer 400).</summary>
    Invalid,
}
