using System.Text.Json;
using System.Text.Json.Nodes;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Hosting.Http;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>A request body as received (echoed back as <c>parameters</c>), as the typed request, and the fields it has no place for.</summary>
public sealed record A1111Body<T>(JsonObject Raw, T Request)
{
    public IReadOnlyList<string> Ignored { get; init; } = [];
}

/// <summary>
/// Reads <c>/sdapi</c> bodies. Like FastAPI, the JSON is read whatever the Content-Type says (scripts often send
/// none), unknown fields are ignored, numbers may come as strings, and a key given twice takes its last value (as
/// Python's <c>json</c> does); what cannot be read is a 422 naming the field.
/// </summary>
public static class A1111JsonBody
{
    public static readonly JsonSerializerOptions Options = ApiJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
    private static readonly JsonSerializerOptions ReadOptions = ApiJson.ForRequests(Options);

    /// <summary>Reads the request's body and reports the fields it ignored on the request (<see cref="IgnoredFields"/>).</summary>
    public static async Task<(A1111Body<T>? Body, A1111Failure? Failure)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : new()
    {
        var read = await ReadAsync<T>(request.Body, cancellationToken);
        if (read.Body is { } body)
            IgnoredFields.Report(request.HttpContext, body.Ignored);
        return read;
    }

    public static async Task<(A1111Body<T>? Body, A1111Failure? Failure)> ReadAsync<T>(Stream body, CancellationToken cancellationToken) where T : new()
    {
        var bytes = await JsonRequestBody.ReadAsync(body, cancellationToken);
        if (bytes.Span.TrimStart(" \t\r\n"u8).IsEmpty)
            return Parse<T>(null);
        JsonNode? node;
        try
        {
            // Not a pooled JsonDocument: the leaves below keep referring to it.
            node = LastValueWins(JsonSerializer.Deserialize<JsonElement>(bytes.Span));
        }
        catch (JsonException ex)
        {
            return (null, A1111Errors.MalformedJson(JsonErrorText.Describe(ex)));
        }
        return Parse<T>(node);
    }

    /// <summary>An empty body is an empty object (every field at A1111's default), as for a bare <c>curl -XPOST</c>.</summary>
    public static (A1111Body<T>? Body, A1111Failure? Failure) Parse<T>(JsonNode? node) where T : new()
    {
        node ??= new JsonObject();
        if (node is not JsonObject raw)
            return (null, A1111Errors.MalformedJson($"expected a JSON object, got {node.GetValueKind().ToString().ToLowerInvariant()}."));
        try
        {
            var request = raw.Deserialize<T>(ReadOptions) ?? new T();
            return (new A1111Body<T>(raw, request) { Ignored = IgnoredFields.Find(raw, ReadOptions.GetTypeInfo(typeof(T))) }, null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
            var message = JsonErrorText.Describe(ex).Split(" Path:")[0];
            return (null, field is null
                ? A1111Errors.MalformedJson(message)
                : A1111Errors.Invalid(field, $"has the wrong type ({message})."));
        }
    }

    /// <summary>
    /// A <see cref="JsonObject"/> built from the parsed document keeps every duplicate key and throws when it is
    /// enumerated (echoing <c>parameters</c>); setting each member in order keeps the last, as FastAPI reads it.
    /// </summary>
    private static JsonNode? LastValueWins(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                    obj[property.Name] = LastValueWins(property.Value);
                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                    array.Add(LastValueWins(item));
                return array;
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element);
        }
    }
}
