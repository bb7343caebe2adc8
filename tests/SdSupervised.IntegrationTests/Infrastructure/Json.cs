using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SdSupervised.IntegrationTests.Infrastructure;

/// <summary>
/// The wire format (snake_case), and tolerant readers: a field of the wrong type reads as null so the
/// assertion that follows fails with the whole JSON in its message instead of a cast exception.
/// </summary>
public static class Json
{
    public static readonly JsonSerializerOptions Wire = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Wire);

    public static JsonNode? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return null; }
    }

    public static string Show(JsonNode? node) => node?.ToJsonString(Pretty) ?? "<null>";

    public static string? Str(this JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static long? Long(this JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue v ? AsLong(v) : null;

    public static int? Int(this JsonNode? node, string name) => (int?)node.Long(name);

    public static double? Double(this JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    public static bool? Bool(this JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    public static JsonObject? Obj(this JsonNode? node, string name) => node is JsonObject obj ? obj[name] as JsonObject : null;

    public static JsonArray? Arr(this JsonNode? node, string name) => node is JsonObject obj ? obj[name] as JsonArray : null;

    public static bool Has(this JsonNode? node, string name) => node is JsonObject obj && obj.ContainsKey(name);

    private static long? AsLong(JsonValue v)
    {
        if (v.TryGetValue<long>(out var l)) return l;
        if (v.TryGetValue<double>(out var d) && d == Math.Floor(d)) return (long)d;
        if (v.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number)
        {
            if (e.TryGetInt64(out l)) return l;
            if (e.TryGetDecimal(out var m) && m == decimal.Truncate(m) && m <= long.MaxValue && m >= long.MinValue) return (long)m;
        }
        return null;
    }
}
