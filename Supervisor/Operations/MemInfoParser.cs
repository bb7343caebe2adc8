using System.Globalization;

namespace SdSupervised.Supervisor.Operations;

/// <summary>Reads total and available memory from the text of <c>/proc/meminfo</c> (values in kB).</summary>
public static class MemInfoParser
{
    public static MemoryReport Parse(string text)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
                continue;
            var parts = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                continue;
            var bytes = parts.Length > 1 && parts[1].Equals("kB", StringComparison.OrdinalIgnoreCase) ? value * 1024 : value;
            values[line[..colon].Trim()] = bytes;
        }

        long? total = values.TryGetValue("MemTotal", out var t) ? t : null;
        long? available = values.TryGetValue("MemAvailable", out var a) ? a
            // Kernels before 3.14 have no MemAvailable; free + page cache is the usual estimate.
            : values.TryGetValue("MemFree", out var free) ? free + values.GetValueOrDefault("Buffers") + values.GetValueOrDefault("Cached")
            : null;
        return new MemoryReport(total, available);
    }
}
