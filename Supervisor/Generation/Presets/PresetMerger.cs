using System.Text.Json.Nodes;

namespace SdSupervised.Supervisor.Generation.Presets;

/// <summary>
/// A preset under a request: every field the body has wins, whatever its value (a field sent as its default, or as
/// null, still wins); the preset fills in only the fields the body does not have. The merge is by top-level field: a
/// body's <c>hires</c> object replaces the preset's whole <c>hires</c>. Names match as the body binder matches them
/// (case-insensitively).
/// </summary>
public static class PresetMerger
{
    public static JsonObject Merge(JsonObject body, JsonObject preset)
    {
        var merged = new JsonObject();
        var present = new HashSet<string>(body.Select(p => p.Key), StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in preset)
            if (!present.Contains(name))
                merged[name] = value?.DeepClone();
        foreach (var (name, value) in body)
            merged[name] = value?.DeepClone();
        return merged;
    }
}
