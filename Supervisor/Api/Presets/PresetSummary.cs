using System.Text.Json.Serialization;
using SdSupervised.Supervisor.Generation.Presets;

namespace SdSupervised.Supervisor.Api.Presets;

/// <summary>One preset in <c>GET /api/presets</c>: the names of the fields it sets, and whether (and where) it can be used.</summary>
public sealed record PresetSummary(
    string Name,
    string File,
    string? Description,
    IReadOnlyList<string> Fields,
    IReadOnlyList<string> AppliesTo,
    bool Valid,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error)
{
    public static PresetSummary Of(PresetInfo info) =>
        new(info.Name, info.File, info.Description, [.. info.Fields.Select(f => f.Key)], info.AppliesTo, info.Valid, info.Error);
}

public sealed record PresetListResponse(IReadOnlyList<PresetSummary> Presets, int Count);
