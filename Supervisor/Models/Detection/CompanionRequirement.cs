namespace SdSupervised.Supervisor.Models.Detection;

/// <summary>One companion an architecture needs: which detected architectures fit, best first, and where they live.</summary>
public sealed record CompanionRequirement(CompanionKind Kind, Necessity Necessity, IReadOnlyList<ModelArchitecture> Accepts, string Folder)
{
    /// <summary>For a TAESD: the family its latent space must match.</summary>
    public ModelFamily? Family { get; init; }
}
