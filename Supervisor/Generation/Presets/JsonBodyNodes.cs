using System.Text.Json;
using System.Text.Json.Nodes;

namespace SdSupervised.Supervisor.Generation.Presets;

/// <summary>
/// JSON text as nodes without <see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/>'s trap: its
/// objects are built lazily and throw on a repeated member long after the parse. Here a repeat either takes its last
/// value (as the request binder does) or is a <see cref="JsonException"/> naming it (for files we judge).
/// </summary>
public static class JsonBodyNodes
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static JsonNode? Parse(ReadOnlyMemory<byte> json, bool refuseRepeats)
    {
        using var document = JsonDocument.Parse(json, Lenient);
        return ToNode(document.RootElement, refuseRepeats);
    }

    public static JsonNode? Parse(string json, bool refuseRepeats)
    {
        using var document = JsonDocument.Parse(json, Lenient);
        return ToNode(document.RootElement, refuseRepeats);
    }

    private static JsonNode? ToNode(JsonElement element, bool refuseRepeats)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var o = new JsonObject();
                foreach (var p in element.EnumerateObject())
                {
                    if (refuseRepeats && o.ContainsKey(p.Name))
                        throw new JsonException($"the key '{p.Name}' appears twice.");
                    o[p.Name] = ToNode(p.Value, refuseRepeats);
                }
                return o;
            case JsonValueKind.Array:
                return new JsonArray([.. element.EnumerateArray().Select(e => ToNode(e, refuseRepeats))]);
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            default:
                return JsonValue.Create(element.Clone());
        }
    }
}
