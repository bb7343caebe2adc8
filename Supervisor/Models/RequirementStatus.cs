using SdSupervised.Supervisor.Models.Detection;

namespace SdSupervised.Supervisor.Models;

/// <summary>One companion of a model and whether the catalog can satisfy it: inside the file, by another file, or not.</summary>
public sealed record RequirementStatus(CompanionKind Kind, Necessity Necessity)
{
    /// <summary>The file carries it (an all-in-one checkpoint).</summary>
    public bool Embedded { get; init; }
    /// <summary>The catalog entry picked for it.</summary>
    public ModelEntry? Provider { get; init; }
    /// <summary>Why it is not met ("Flux.1 dev needs t5xxl: none found in text_encoders/"); null when met.</summary>
    public string? Missing { get; init; }

    public bool IsMet => Embedded || Provider is not null;
}
