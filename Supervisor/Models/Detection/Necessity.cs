namespace SdSupervised.Supervisor.Models.Detection;

/// <summary>How much a model needs a companion.</summary>
public enum Necessity
{
    /// <summary>It does not load without it.</summary>
    Required,
    /// <summary>Picked automatically when one exists; loads without it, with worse results.</summary>
    Recommended,
    /// <summary>Never picked automatically (e.g. TAESD, a VAE override).</summary>
    Optional,
}
