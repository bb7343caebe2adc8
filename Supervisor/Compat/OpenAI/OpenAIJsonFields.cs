using System.Text.Json;

namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>The fields of a JSON request body (an object). Strict on types, as OpenAI is: <c>"n": "2"</c> is refused.</summary>
public sealed class OpenAIJsonFields(JsonElement body) : OpenAIRequestFields
{
    protected override IEnumerable<string> Present => body.ValueKind == JsonValueKind.Object ? body.EnumerateObject().Select(p => p.Name) : [];

    protected override bool TryRaw(string name, bool wantText, out string? raw)
    {
        raw = null;
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return true;
        switch (value.ValueKind)
        {
            case JsonValueKind.String when wantText:
                raw = value.GetString();
                return true;
            case JsonValueKind.Number when !wantText:
            case JsonValueKind.True or JsonValueKind.False when !wantText:
                raw = value.GetRawText();
                return true;
            default:
                return false;
        }
    }
}
