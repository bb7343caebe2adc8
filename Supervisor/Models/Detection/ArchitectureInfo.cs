namespace SdSupervised.Supervisor.Models.Detection;

/// <summary>What the catalog knows about one architecture: its API id, how it loads, what it needs, what suits it.</summary>
public sealed record ArchitectureInfo
{
    public required ModelArchitecture Architecture { get; init; }
    /// <summary>The API name (snake_case, stable).</summary>
    public required string Id { get; init; }
    public required string DisplayName { get; init; }
    public required ModelRole Role { get; init; }
    public ModelFamily Family { get; init; }
    /// <summary>How a file of this architecture loads when it is not an all-in-one checkpoint.</summary>
    public LoadingMethod Loading { get; init; }
    public IReadOnlyList<CompanionRequirement> Companions { get; init; } = [];
    public RecommendedDefaults? Defaults { get; init; }
    /// <summary>Why the pinned library cannot use it; null when it can.</summary>
    public string? Unsupported { get; init; }

    public bool IsGenerationModel => Role == ModelRole.DiffusionModel;
}
