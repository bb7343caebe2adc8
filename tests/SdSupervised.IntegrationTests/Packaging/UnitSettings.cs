namespace SdSupervised.IntegrationTests.Packaging;

/// <summary>A unit file's assignments (every section together), key → values in order; comments skipped.</summary>
public sealed class UnitSettings : Dictionary<string, List<string>>
{
    private UnitSettings() : base(StringComparer.Ordinal) { }

    public static UnitSettings Read(string path)
    {
        var settings = new UnitSettings();
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';' or '[') continue;
            var eq = line.IndexOf('=');
            if (eq <= 0) continue;
            var key = line[..eq].Trim();
            if (!settings.TryGetValue(key, out var values)) settings[key] = values = [];
            values.Add(line[(eq + 1)..].Trim());
        }
        return settings;
    }

    public string One(string key) =>
        TryGetValue(key, out var values) && values.Count == 1 ? values[0] : throw new Xunit.Sdk.XunitException($"expected exactly one {key}= in the unit, found {(TryGetValue(key, out var v) ? v.Count : 0)}");

    public IReadOnlyList<string> All(string key) => TryGetValue(key, out var values) ? values : [];

    /// <summary>A systemd time span such as 75s, 2min or 90 in seconds (only the forms a unit here uses).</summary>
    public static double Seconds(string span) => span switch
    {
        _ when span.EndsWith("min", StringComparison.Ordinal) => double.Parse(span[..^3], System.Globalization.CultureInfo.InvariantCulture) * 60,
        _ when span.EndsWith('s') => double.Parse(span[..^1], System.Globalization.CultureInfo.InvariantCulture),
        _ => double.Parse(span, System.Globalization.CultureInfo.InvariantCulture),
    };
}
