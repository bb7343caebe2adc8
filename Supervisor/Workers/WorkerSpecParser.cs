using System.Globalization;

namespace SdSupervised.Supervisor.Workers;

/// <summary>
/// Parses <c>--workers</c>: <c>auto</c>; <c>cpu</c>; a device list such as <c>0,1</c> or <c>0,cpu</c>
/// (a single GPU is written <c>gpu0</c> or <c>0,</c>); or a plain count <c>N</c> of synthetic workers.
/// </summary>
public static class WorkerSpecParser
{
    public const int MaxWorkers = 64;

    public static bool TryParse(string? text, out WorkerSpec spec, out string? error)
    {
        spec = new WorkerSpec { Kind = WorkerSpecKind.Auto };
        error = null;
        var value = (text ?? "").Trim();
        if (value.Length == 0 || value.Equals("auto", StringComparison.OrdinalIgnoreCase))
            return true;

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            if (count is < 1 or > MaxWorkers)
            {
                error = $"--workers {value}: a worker count must be between 1 and {MaxWorkers}.";
                return false;
            }
            spec = new WorkerSpec { Kind = WorkerSpecKind.Count, Count = count };
            return true;
        }

        var gpus = new List<int>();
        var cpu = false;
        foreach (var raw in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (raw.Length == 0)
                continue;
            if (raw.Equals("cpu", StringComparison.OrdinalIgnoreCase))
            {
                if (cpu) { error = $"--workers {value}: 'cpu' is listed twice."; return false; }
                cpu = true;
                continue;
            }
            var digits = raw.StartsWith("gpu", StringComparison.OrdinalIgnoreCase) ? raw[3..].TrimStart(':')
                : raw.StartsWith("cuda", StringComparison.OrdinalIgnoreCase) ? raw[4..].TrimStart(':')
                : raw;
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index > 255)
            {
                error = $"--workers {value}: '{raw}' is not a GPU index or 'cpu' (expected auto, cpu, a list like 0,1, or a count).";
                return false;
            }
            if (gpus.Contains(index)) { error = $"--workers {value}: GPU {index} is listed twice."; return false; }
            gpus.Add(index);
        }
        if (gpus.Count == 0 && !cpu)
        {
            error = $"--workers '{value}' names no device.";
            return false;
        }
        spec = new WorkerSpec { Kind = WorkerSpecKind.Devices, GpuIndices = gpus, IncludeCpu = cpu };
        return true;
    }
}
