namespace SdSupervised.Supervisor.Operations;

/// <summary>
/// One request field as <c>GET /api/parameters</c> describes it. For strings, <see cref="Max"/> is the maximum length.
/// <see cref="Modes"/> names the <c>/api/generate/{mode}</c> endpoints that take it; <see cref="Required"/> holds there.
/// <see cref="Fields"/> describes an object's members, or each element of an array of objects (then <see cref="Max"/> is the
/// most elements); null for plain values.
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
    IReadOnlyList<string>? Modes = null,
    IReadOnlyList<ParameterDescriptor>? Fields = null);
