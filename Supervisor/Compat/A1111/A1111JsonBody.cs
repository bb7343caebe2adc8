using System.Text.Json;
using System.Text.Json.Nodes;
using SdSupervised.Supervisor.Api;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>A request body as received (echoed back as <c>parameters</c>) and as the typed request.</summary>
public sealed record A1111Body<T>(JsonObject Raw, T Request);

/// <summary>
/// Reads <c>/sdapi</c> bodies. Like FastAPI, the JSON is read whatever the Content-Type says (scripts often send
/// none), unknown fields are ignored, and numbers may come as strings; what cannot be read is a 422 naming the field.
/// </summary>
public static class A1111JsonBody
{
    public static readonly JsonSerializerOptions Options = ApiJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static async Task<(A1111Body<T>? Body, A1111Failure? Failure)> ReadAsync<T>(Stream body, CancellationToken cancellationToken) where T : new()
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0 || buffer.GetBuffer().AsSpan(0, (int)buffer.Length).TrimStart(" \t\r\n"u8).IsEmpty)
            return Parse<T>(null);
        buffer.Position = 0;
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(buffer, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            return (null, A1111Errors.MalformedJson(ex.Message));
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
            return (new A1111Body<T>(raw, raw.Deserialize<T>(Options) ?? new T()), null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
            var message = ex.InnerException?.Message ?? ex.Message;
            return (null, field is null
                ? A1111Errors.MalformedJson(message)
                : A1111Errors.Invalid(field, $"has the wrong type ({message.Split(" Path:")[0]})."));
        }
    }
}
