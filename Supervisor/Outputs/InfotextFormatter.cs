using System.Globalization;
using System.Text;
using System.Text.Json;
using SdSupervised.Supervisor.Compat.A1111;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Outputs;

/// <summary>
/// Writes generation parameters in AUTOMATIC1111's <c>parameters</c> infotext shape, which image
/// viewers and UIs (A1111, ComfyUI, Civitai) parse: the prompt, an optional <c>Negative prompt:</c>
/// line, then one line of <c>Key: value</c> pairs. Samplers and schedulers go by A1111's names (<c>Sampler: Euler a</c>,
/// <c>Schedule type: Karras</c>), since the tools that read infotexts know only those; ours stay where A1111 has none.
/// </summary>
public static class InfotextFormatter
{
    public static string Format(GenerationParameters p, long seed)
    {
        ArgumentNullException.ThrowIfNull(p);

        var text = new StringBuilder();
        text.Append(p.Prompt).Append('\n');
        if (!string.IsNullOrEmpty(p.NegativePrompt))
        {
            text.Append("Negative prompt: ").Append(p.NegativePrompt).Append('\n');
        }

        var fields = new List<(string Key, string Value)> { ("Steps", Invariant(p.Steps)) };
        if (!string.IsNullOrEmpty(p.SamplingMethod))
        {
            fields.Add(("Sampler", Quote(A1111Samplers.DisplayName(p.SamplingMethod)!)));
        }

        if (!string.IsNullOrEmpty(p.Scheduler))
        {
            fields.Add(("Schedule type", Quote(A1111Samplers.SchedulerLabel(p.Scheduler))));
        }

        // float.ToString gives the shortest round-trip form: 7 for 7.0, 7.5 for 7.5.
        fields.Add(("CFG scale", p.CfgScale.ToString(CultureInfo.InvariantCulture)));
        fields.Add(("Seed", Invariant(seed)));
        fields.Add(("Size", $"{Invariant(p.Width)}x{Invariant(p.Height)}"));
        if (!string.IsNullOrEmpty(p.Model))
        {
            fields.Add(("Model", Quote(p.Model)));
        }

        if (p.ClipSkip > 0)
        {
            fields.Add(("Clip skip", Invariant(p.ClipSkip)));
        }

        fields.Add(("Batch size", Invariant(p.BatchCount)));

        text.AppendJoin(", ", fields.Select(f => $"{f.Key}: {f.Value}"));
        return text.ToString();
    }

    /// <summary>A1111's quoting: values holding a separator (comma, colon, newline) are written as JSON strings.</summary>
    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",:\n") >= 0 ? JsonSerializer.Serialize(value) : value;

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
