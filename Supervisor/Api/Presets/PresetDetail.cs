using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SdSupervised.Supervisor.Generation.Presets;

namespace SdSupervised.Supervisor.Api.Presets;

/// <summary><c>GET /api/presets/{name}</c>: the preset's fields with their values, as a request body would send them.</summary>
public sealed record PresetDetail(
    string Name,
    string File,
    string? Description,
    JsonObject Fields,
    IReadOnlyList<string> AppliesTo,
    bool Valid,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors)
{
    public static PresetDetail Of(PresetInfo info) =>
        new(info.Name, info.File, info.Description, info.Fields, info.AppliesTo, info.Valid, info.Error, info.Errors);
}
