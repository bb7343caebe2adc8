using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SdSupervised.IntegrationTests.Infrastructure;

/// <summary>
/// A strict parser of the Prometheus text exposition format (0.0.4): every line is a <c># HELP</c>/<c># TYPE</c>/<c># UNIT</c>
/// comment, another comment, or a sample <c>name{label="value",...} value [timestamp]</c>; names and label names follow
/// the format's character rules, label values use its escapes, a family's TYPE comes before its samples and at most
/// once, and no series appears twice. Anything else is a <see cref="FormatException"/> naming the line, so a scrape
/// that Prometheus would reject fails the test instead of being read loosely.
/// </summary>
public sealed partial class PrometheusText
{
    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count"];

    private PrometheusText(IReadOnlyList<PrometheusSample> samples, IReadOnlyDictionary<string, string> types, string text)
    {
        Samples = samples;
        Types = types;
        Text = text;
    }

    public IReadOnlyList<PrometheusSample> Samples { get; }

    /// <summary>Family name → counter, gauge, histogram, summary or untyped.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public string Text { get; }

    public IEnumerable<string> Names => Samples.Select(s => s.Name).Distinct(StringComparer.Ordinal);

    /// <summary>Samples of <paramref name="name"/> whose labels include every given pair.</summary>
    public IEnumerable<PrometheusSample> Find(string name, params (string Label, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value));

    /// <summary>The sum of the matching samples (0 when none: a counter that never moved is not exported yet).</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) => Find(name, labels).Sum(s => s.Value);

    /// <summary>The service's own samples without histogram buckets: what a failure message needs.</summary>
    public override string ToString() =>
        string.Join("\n", Text.Split('\n').Where(l => l.StartsWith("sds_", StringComparison.Ordinal) && !l.Contains("_bucket{", StringComparison.Ordinal)));

    public static PrometheusText Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var sampled = new HashSet<string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                if (i != lines.Length - 1)
                    throw Error(i, line, "empty line inside the exposition");
                continue;
            }
            if (line.StartsWith('#'))
            {
                var m = MetaLine().Match(line);
                if (!m.Success)
                    continue; // a plain comment
                var (kind, name, rest) = (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value);
                if (kind == "TYPE")
                {
                    if (rest is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                        throw Error(i, line, $"unknown metric type '{rest}'");
                    if (sampled.Contains(name))
                        throw Error(i, line, "TYPE after samples of the family");
                    if (!types.TryAdd(name, rest))
                        throw Error(i, line, "second TYPE for the family");
                }
                continue;
            }
            var sample = ParseSample(line, i);
            if (!seen.Add(sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}"))
                throw Error(i, line, "duplicate series");
            sampled.Add(FamilyOf(sample.Name, types));
            samples.Add(sample);
        }
        foreach (var h in types.Where(t => t.Value == "histogram").Select(t => t.Key))
            foreach (var series in samples.Where(s => s.Name == h + "_count"))
            {
                var labels = series.Labels;
                var inf = samples.FirstOrDefault(s => s.Name == h + "_bucket" && s.Labels.GetValueOrDefault("le") == "+Inf"
                    && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value));
                if (inf is null || inf.Value != series.Value)
                    throw new FormatException($"histogram {h}: the +Inf bucket does not equal _count for {{{string.Join(",", labels)}}}");
            }
        return new PrometheusText(samples, types, text);
    }

    private static string FamilyOf(string name, Dictionary<string, string> types)
    {
        foreach (var suffix in HistogramSuffixes)
            if (name.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(name[..^suffix.Length], out var t) && t is "histogram" or "summary")
                return name[..^suffix.Length];
        return name;
    }

    private static PrometheusSample ParseSample(string line, int index)
    {
        var pos = 0;
        var name = ReadName(line, ref pos, metric: true) ?? throw Error(index, line, "no metric name");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (pos < line.Length && line[pos] == '{')
        {
            pos++;
            while (pos < line.Length && line[pos] != '}')
            {
                var label = ReadName(line, ref pos, metric: false) ?? throw Error(index, line, "bad label name");
                if (pos >= line.Length || line[pos++] != '=' || pos >= line.Length || line[pos++] != '"')
                    throw Error(index, line, $"label {label} has no quoted value");
                var value = new StringBuilder();
                while (true)
                {
                    if (pos >= line.Length)
                        throw Error(index, line, "unterminated label value");
                    var c = line[pos++];
                    if (c == '"')
                        break;
                    if (c == '\\')
                    {
                        if (pos >= line.Length)
                            throw Error(index, line, "dangling escape");
                        value.Append(line[pos++] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            var other => throw Error(index, line, $"bad escape \\{other}"),
                        });
                        continue;
                    }
                    value.Append(c);
                }
                if (!labels.TryAdd(label, value.ToString()))
                    throw Error(index, line, $"label {label} twice");
                if (pos < line.Length && line[pos] == ',')
                    pos++;
            }
            if (pos >= line.Length)
                throw Error(index, line, "unterminated label set");
            pos++;
        }
        if (pos >= line.Length || line[pos] != ' ')
            throw Error(index, line, "no space before the value");
        var fields = line[(pos + 1)..].Split(' ');
        if (fields.Length is < 1 or > 2 || !TryValue(fields[0], out var number))
            throw Error(index, line, "bad value");
        if (fields.Length == 2 && !long.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            throw Error(index, line, "bad timestamp");
        return new PrometheusSample(name, labels, number);
    }

    private static bool TryValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf": value = double.PositiveInfinity; return true;
            case "-Inf": value = double.NegativeInfinity; return true;
            case "NaN": value = double.NaN; return true;
            default: return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private static string? ReadName(string line, ref int pos, bool metric)
    {
        var start = pos;
        while (pos < line.Length && (char.IsAsciiLetter(line[pos]) || line[pos] == '_' || (metric && line[pos] == ':') || (pos > start && char.IsAsciiDigit(line[pos]))))
            pos++;
        return pos > start ? line[start..pos] : null;
    }

    private static FormatException Error(int index, string line, string why) => new($"line {index + 1}: {why}: {line}");

    [GeneratedRegex(@"^# (HELP|TYPE|UNIT) ([a-zA-Z_:][a-zA-Z0-9_:]*)(?: (.*))?$")]
    private static partial Regex MetaLine();
}
