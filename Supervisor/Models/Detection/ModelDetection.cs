namespace SdSupervised.Supervisor.Models.Detection;

/// <summary>The outcome of detecting one file: the architecture and why, plus what the file carries inside.</summary>
public sealed record ModelDetection
{
    public ModelArchitecture Architecture { get; init; }
    /// <summary>The evidence, or for <see cref="ModelArchitecture.Unknown"/> why nothing matched.</summary>
    public string Reason { get; init; } = "";
    /// <summary>For LoRAs, ControlNets, TAESDs and embeddings: the family they belong to.</summary>
    public ModelFamily? BaseFamily { get; init; }
    /// <summary>eps, v, edm_v, flow; or what is known ("v by file name", "probed at load").</summary>
    public string? Prediction { get; init; }
    /// <summary>Companions inside the file itself (an all-in-one checkpoint's VAE and text encoders).</summary>
    public IReadOnlySet<CompanionKind> Embedded { get; init; } = new HashSet<CompanionKind>();
    /// <summary>The file uses the full-checkpoint layout (<c>model.diffusion_model.</c> names).</summary>
    public bool FullCheckpoint { get; init; }
    /// <summary>Facts worth showing: size class (14B), high/low noise expert, layer counts.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public static ModelDetection Unknown(string reason) => new() { Architecture = ModelArchitecture.Unknown, Reason = reason };
}
