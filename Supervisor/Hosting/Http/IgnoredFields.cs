using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>
/// Fields a request body carried that nothing read: clients send extras (and typos), which are accepted, but said
/// back as <c>ignored_fields</c> in the submit answer and logged at debug, so <c>batch_size</c> misspelt or a field
/// another server knows never vanishes silently. Found where bodies are read (<see cref="JsonRequestBody"/>, the
/// A1111 reader, OpenAI's field reader) and kept on the request; each family's answer picks them up with <see cref="Of"/>.
/// Nested objects and lists of objects are checked too (<c>loras[0].wieght</c>).
/// </summary>
public static class IgnoredFields
{
    private static readonly object Key = new();

    /// <summary>The body's members that <paramref name="type"/> has no property for, as paths.</summary>
    public static IReadOnlyList<string> Find(JsonElement body, JsonTypeInfo type)
    {
        var found = new List<string>();
        Walk(new ElementValue(body), type, "", found);
        return found.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc cref="Find(JsonElement, JsonTypeInfo)"/>
    public static IReadOnlyList<string> Find(JsonNode? body, JsonTypeInfo type)
    {
        var found = new List<string>();
        Walk(new NodeValue(body), type, "", found);
        return found.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Keeps <paramref name="fields"/> on the request (added to any found before) and logs them at debug.</summary>
    public static void Report(HttpContext context, IReadOnlyList<string> fields)
    {
        if (fields.Count == 0)
            return;
        var all = context.Items[Key] is List<string> earlier ? earlier : [];
        all.AddRange(fields.Where(f => !all.Contains(f, StringComparer.Ordinal)));
        context.Items[Key] = all;
        var logger = context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(IgnoredFields).FullName!);
        logger?.LogDebug("Request {Method} {Path} ignored the fields {IgnoredFields}", context.Request.Method, context.Request.Path.Value, fields);
    }

    /// <summary>The fields this request's body carried that were ignored; null when there were none.</summary>
    public static IReadOnlyList<string>? Of(HttpContext? context) =>
        context?.Items[Key] is List<string> { Count: > 0 } fields ? fields : null;

    private static void Walk(IJsonValue value, JsonTypeInfo type, string path, List<string> found)
    {
        if (type.Kind != JsonTypeInfoKind.Object || !value.IsObject)
            return;
        var comparer = type.Options.PropertyNameCaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var properties = new Dictionary<string, JsonPropertyInfo>(comparer);
        foreach (var property in type.Properties)
            properties.TryAdd(property.Name, property);
        // A type that keeps extras ([JsonExtensionData]) reads every field itself.
        if (type.Properties.Any(p => p.IsExtensionData))
            return;
        foreach (var (name, child) in value.Members())
        {
            var at = path.Length == 0 ? name : $"{path}.{name}";
            if (!properties.TryGetValue(name, out var property))
            {
                found.Add(at);
                continue;
            }
            if (child.IsNull)
                continue;
            var childType = type.Options.GetTypeInfo(property.PropertyType);
            if (childType.Kind == JsonTypeInfoKind.Object)
                Walk(child, childType, at, found);
            else if (ElementType(property.PropertyType) is { } element && type.Options.GetTypeInfo(element) is { Kind: JsonTypeInfoKind.Object } elementType)
            {
                var i = 0;
                foreach (var item in child.Items())
                    Walk(item, elementType, $"{at}[{i++}]", found);
            }
        }
    }

    /// <summary>T of a list or array of T (the request options' null-refusing converter hides the list's own contract).</summary>
    private static Type? ElementType(Type type)
    {
        if (type == typeof(string))
            return null;
        if (type.IsArray)
            return type.GetElementType();
        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }

    private interface IJsonValue
    {
        bool IsObject { get; }
        bool IsNull { get; }
        IEnumerable<(string Name, IJsonValue Value)> Members();
        IEnumerable<IJsonValue> Items();
    }

    private sealed class ElementValue(JsonElement element) : IJsonValue
    {
        public bool IsObject => element.ValueKind == JsonValueKind.Object;
        public bool IsNull => element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;
        public IEnumerable<(string Name, IJsonValue Value)> Members() => element.EnumerateObject().Select(p => (p.Name, (IJsonValue)new ElementValue(p.Value)));
        public IEnumerable<IJsonValue> Items() => element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().Select(e => (IJsonValue)new ElementValue(e)) : [];
    }

    private sealed class NodeValue(JsonNode? node) : IJsonValue
    {
        public bool IsObject => node is JsonObject;
        public bool IsNull => node is null;
        public IEnumerable<(string Name, IJsonValue Value)> Members() => node is JsonObject o ? o.Select(p => (p.Key, (IJsonValue)new NodeValue(p.Value))) : [];
        public IEnumerable<IJsonValue> Items() => node is JsonArray a ? a.Select(e => (IJsonValue)new NodeValue(e)) : [];
    }
}
