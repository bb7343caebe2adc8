extern alias JsonEverything;

using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using JsonEverything::Json.Schema;
using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Api.Http;

/// <summary>
/// An OpenAPI 3.1 document read as a contract: its operations, the response each documents for a status, and a JSON
/// Schema check of a body against a response schema. The document's <c>#/components/schemas/X</c> references are
/// rewritten to <c>#/$defs/X</c> of one schema that holds all components, so any schema can be evaluated on its own.
/// </summary>
public sealed class OpenApiContract(JsonNode document)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List };

    private readonly string _definitions = (document.Obj("components").Obj("schemas") ?? new JsonObject()).ToJsonString()
        .Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    public IEnumerable<(string Method, string Path, JsonObject Operation)> Operations() =>
        from path in document.Obj("paths") ?? []
        from method in Methods
        let operation = path.Value.Obj(method)
        where operation is not null
        select (method.ToUpperInvariant(), path.Key, operation);

    public IEnumerable<string> Statuses(JsonObject operation) => operation.Obj("responses")?.Select(r => r.Key) ?? [];

    /// <summary>The response documented for <paramref name="status"/>; no range (4XX) or default counts: each status is named.</summary>
    public JsonObject? Response(JsonObject operation, int status) =>
        operation.Obj("responses").Obj(status.ToString(CultureInfo.InvariantCulture));

    /// <summary>Null when <paramref name="instance"/> is valid against <paramref name="schema"/>, else what is wrong (first errors).</summary>
    public string? Validate(JsonNode? schema, JsonNode? instance)
    {
        if (schema is null) return "the document gives no schema";
        var text = schema.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        var compiled = _schemas.GetOrAdd(text, t =>
        {
            var root = JsonNode.Parse(t)!.AsObject();
            var wrapped = new JsonObject { ["$schema"] = "https://json-schema.org/draft/2020-12/schema", ["$defs"] = JsonNode.Parse(_definitions), ["allOf"] = new JsonArray(root) };
            return JsonSchema.FromText(wrapped.ToJsonString());
        });
        var result = compiled.Evaluate(instance, Options);
        if (result.IsValid) return null;
        var errors = result.Details.Where(d => d.HasErrors)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))
            .Take(5);
        return string.Join("; ", errors);
    }
}
