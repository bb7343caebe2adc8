namespace SdSupervised.Supervisor.Operations;

/// <summary>
/// One request field as <c>GET /api/parameters</c> describes it. For strings, <see cref="Max"/> is the maximum length.
/// <see cref="Modes"/> names the <c>/api/generate/{mode}</c> endpoints that take it; <see cref="Required"/> holds there.
/// </summary>
public sealed record ParameterDescriptor(
    string Name,
    string Type,
    bool Required,
    object? Default,
    double? Min,
    double? Max,
    int? MultipleOf,
    IReadOnlyList<string>? Allowed,
    string Description,
    IReadOnlyList<string>? Modes = null);
