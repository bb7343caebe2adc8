namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>The text fields of a multipart form (edits): every value is text, numbers are parsed from it. Empty counts as absent.</summary>
public sealed class OpenAIFormFields(IReadOnlyDictionary<string, string> values) : OpenAIRequestFields
{
    protected override IEnumerable<string> Present => values.Keys;

    protected override bool TryRaw(string name, bool wantText, out string? raw)
    {
        raw = values.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
        return true;
    }
}
