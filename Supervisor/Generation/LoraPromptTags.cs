using System.Globalization;
using System.Text.RegularExpressions;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Generation;

/// <summary>
/// A1111's <c>&lt;lora:name:weight&gt;</c> prompt tags. They are taken out of the prompt and applied as LoRAs by
/// path, so the text encoder never sees them and the library never looks them up in a directory of its own.
/// </summary>
public static partial class LoraPromptTags
{
    [GeneratedRegex(@"<lora:(?<name>[^:<>]+)(?::(?<weight>[^:<>]*))?(?::[^<>]*)?>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex Spaces();

    /// <summary>The prompt without its tags, and the tags in order; an unreadable weight is an error naming the tag.</summary>
    public static (string Prompt, IReadOnlyList<LoraUse> Loras, string? Error) Extract(string prompt)
    {
        var loras = new List<LoraUse>();
        string? error = null;
        var stripped = Tag().Replace(prompt, m =>
        {
            var name = m.Groups["name"].Value.Trim();
            var weightText = m.Groups["weight"].Success ? m.Groups["weight"].Value.Trim() : "";
            var weight = 1.0f;
            if (weightText.Length > 0 && !float.TryParse(weightText, NumberStyles.Float, CultureInfo.InvariantCulture, out weight) || !float.IsFinite(weight))
                error ??= $"the prompt tag '{m.Value}' has a weight that is not a number (write it like <lora:{name}:0.8>).";
            loras.Add(new LoraUse(name, weight));
            return "";
        });
        return (Spaces().Replace(stripped, " ").Trim(), loras, error);
    }
}
