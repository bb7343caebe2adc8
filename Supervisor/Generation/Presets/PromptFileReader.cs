using System.Text.Json;
using System.Text.Json.Nodes;

namespace SdSupervised.Supervisor.Generation.Presets;

/// <summary>
/// The text of a prompt file: a <c>.txt</c> file's whole text, trimmed; a <c>.json</c> file's string, or the
/// <c>prompt</c>, <c>negative_prompt</c> or <c>text</c> member of its object (the seed lists both extensions but
/// not their shape, so both common shapes are taken).
/// </summary>
public static class PromptFileReader
{
    public const int MaxBytes = 64 * 1024;
    private static readonly string[] TextKeys = ["prompt", "negative_prompt", "text"];

    public static async Task<(string? Text, string? Error)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            var length = new FileInfo(path).Length;
            if (length > MaxBytes)
                return (null, $"the file is {length} bytes; prompt files are at most {MaxBytes}.");
            text = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"the file cannot be read ({e.Message}).");
        }
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? FromJson(text) : (text.Trim(), null);
    }

    public static (string? Text, string? Error) FromJson(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonBodyNodes.Parse(json, refuseRepeats: false);
        }
        catch (JsonException e)
        {
            return (null, $"the file is not valid JSON: {Api.JsonErrorText.Describe(e)}");
        }
        if (root is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            return (value.GetValue<string>().Trim(), null);
        if (root is JsonObject o)
            foreach (var key in TextKeys)
                if (o[key] is JsonValue member && member.GetValueKind() == JsonValueKind.String)
                    return (member.GetValue<string>().Trim(), null);
        return (null, "a .json prompt file holds a string, or an object with a \"prompt\", \"negative_prompt\" or \"text\" string.");
    }
}
