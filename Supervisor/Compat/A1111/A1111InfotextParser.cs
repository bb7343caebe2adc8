using System.Text.Json;
using System.Text.RegularExpressions;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>
/// Parses A1111 infotext (prompt, <c>Negative prompt:</c> line, then <c>Key: value, ...</c>) into A1111's
/// <c>parse_generation_parameters</c> shape: <c>Prompt</c>, <c>Negative prompt</c>, each key with its value as text
/// (quoted values unquoted), and <c>Size</c> also split into <c>Size-1</c> / <c>Size-2</c>.
/// </summary>
public static partial class A1111InfotextParser
{
    private const string NegativePrefix = "Negative prompt:";

    [GeneratedRegex(@"\s*(\w[\w \-/]+):\s*(""(?:\\.|[^\\""])+""|[^,]*)(?:,|$)")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"^(\d+)x(\d+)$")]
    private static partial Regex Size();

    public static IReadOnlyDictionary<string, string> Parse(string? infotext)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(infotext))
            return result;
        var lines = infotext.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var last = lines[^1];
        var parameters = Parameter().Matches(last);
        // A1111's rule: the last line holds the parameters when at least three "Key: value" pairs are in it.
        var hasParameters = parameters.Count >= 3;
        if (hasParameters)
            lines.RemoveAt(lines.Count - 1);

        var prompt = new List<string>();
        var negative = new List<string>();
        var inNegative = false;
        foreach (var line in lines)
        {
            if (!inNegative && line.StartsWith(NegativePrefix, StringComparison.Ordinal))
            {
                inNegative = true;
                negative.Add(line[NegativePrefix.Length..].TrimStart());
            }
            else
                (inNegative ? negative : prompt).Add(line);
        }
        result["Prompt"] = string.Join("\n", prompt).Trim();
        result["Negative prompt"] = string.Join("\n", negative).Trim();
        if (!hasParameters)
            return result;

        foreach (Match m in parameters)
        {
            var key = m.Groups[1].Value.Trim();
            var value = Unquote(m.Groups[2].Value.Trim());
            result[key] = value;
            if (Size().Match(value) is { Success: true } size)
            {
                result[$"{key}-1"] = size.Groups[1].Value;
                result[$"{key}-2"] = size.Groups[2].Value;
            }
        }
        return result;
    }

    private static string Unquote(string value)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
            return value;
        try
        {
            return JsonSerializer.Deserialize<string>(value) ?? value;
        }
        catch (JsonException)
        {
            return value;
        }
    }
}
