namespace SdSupervised.Supervisor.Models;

/// <summary>Why a load or unload was refused before any worker was asked.</summary>
public enum ModelActionError
{
    /// <summary>The reference tries to leave the models directory, or is malformed or ambiguous.</summary>
    BadReference,
    NotFound,
    /// <summary>Found, but not a model a worker can load (a VAE, unknown, invalid, a missing companion).</summary>
    NotLoadable,
}
