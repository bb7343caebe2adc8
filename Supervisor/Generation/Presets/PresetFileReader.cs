using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;

namespace SdSupervised.Supervisor.Generation.Presets;

/// <summary>
/// Reads a preset file: JSON (comments and trailing commas allowed) or YAML by its extension, one object of request
/// fields plus an optional <c>description</c>. A file that does not parse, is not an object, or names another preset
/// is a <see cref="PresetDocument.Error"/> (never an exception): the listing shows it, a request naming it gets a 422.
/// </summary>
public static class PresetFileReader
{
    /// <summary>Preset files are a few fields; anything larger is not one.</summary>
    public const int MaxBytes = 256 * 1024;

    public static async Task<PresetDocument> ReadAsync(string path, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            var info = new FileInfo(path);
            if (info.Length > MaxBytes)
                return PresetDocument.Broken($"the file is {info.Length} bytes; presets are at most {MaxBytes}.");
            text = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return PresetDocument.Broken($"the file cannot be read ({e.Message}).");
        }
        return Parse(text, IsYaml(path));
    }

    public static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    public static PresetDocument Parse(string text, bool yaml)
    {
        JsonNode? root;
        try
        {
            root = yaml
                ? YamlToJson.Convert(text)
                : JsonBodyNodes.Parse(text, refuseRepeats: true);
        }
        catch (JsonException e)
        {
            return PresetDocument.Broken($"the file is not valid JSON: {Api.JsonErrorText.Describe(e)}");
        }
        catch (YamlException e)
        {
            return PresetDocument.Broken($"the file is not valid YAML (line {e.Start.Line}, column {e.Start.Column}): {e.Message}");
        }
        if (root is not JsonObject fields)
            return PresetDocument.Broken("a preset is one object of request fields (\"steps\": 30, ...); this file holds " + Describe(root) + ".");

        string? description = null;
        foreach (var (name, value) in fields.ToList())
        {
            if (string.Equals(name, PresetDocument.DescriptionKey, StringComparison.OrdinalIgnoreCase))
            {
                if (value is not null && (value.GetValueKind() != JsonValueKind.String))
                    return PresetDocument.Broken("description must be text.", PresetDocument.DescriptionKey);
                description = value?.GetValue<string>();
                fields.Remove(name);
            }
            else if (string.Equals(name, "preset", StringComparison.OrdinalIgnoreCase))
                return PresetDocument.Broken("a preset cannot name another preset.", "preset");
        }
        return new PresetDocument(fields, description, null);
    }

    private static string Describe(JsonNode? node) => node?.GetValueKind() switch
    {
        null => "nothing",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "a single value",
    };
}
