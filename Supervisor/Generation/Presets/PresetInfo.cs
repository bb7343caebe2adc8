using System.Text.Json.Nodes;

namespace SdSupervised.Supervisor.Generation.Presets;

/// <summary>
/// One preset as the API shows it: its name, file, description, the fields it sets (with their values), the request
/// kinds it fits (<see cref="PresetTarget"/>), and when it fits none, why (<see cref="Error"/>, by field in <see cref="Errors"/>).
/// </summary>
public sealed record PresetInfo(
    string Name,
    string File,
    string? Description,
    JsonObject Fields,
    IReadOnlyList<string> AppliesTo,
    string? Error,
    IReadOnlyDictionary<string, string[]>? Errors)
{
    public bool Valid => Error is null;
}
