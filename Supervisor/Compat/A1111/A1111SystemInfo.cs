using System.Globalization;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>
/// What A1111 clients read about the server itself: <c>cmd-flags</c> (only the flags that have a meaning here, with
/// this server's values) and <c>memory</c> (this machine's RAM; the GPUs are the workers').
/// </summary>
public sealed class A1111SystemInfo(IOptions<SupervisorOptions> options)
{
    public IReadOnlyDictionary<string, object?> CmdFlags()
    {
        var o = options.Value;
        return new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["api"] = true,
            ["nowebui"] = true,
            ["listen"] = o.Host is not ("127.0.0.1" or "localhost" or "::1"),
            ["server_name"] = o.Host,
            ["port"] = o.Port,
            ["data_dir"] = Path.GetFullPath(o.DataDir),
            ["models_dir"] = Path.GetFullPath(o.ModelsDir),
            ["api_auth"] = null,
        };
    }

    public A1111Memory Memory()
    {
        var (total, available) = ReadMemInfo() ?? FromGc();
        return new A1111Memory(new A1111RamUsage(available, total - available, total),
            new Dictionary<string, string> { ["error"] = "the GPUs belong to the workers: GET /api/status reports each device's memory" });
    }

    /// <summary>MemTotal and MemAvailable of <c>/proc/meminfo</c> in bytes; null where there is none (not Linux).</summary>
    private static (long Total, long Available)? ReadMemInfo()
    {
        try
        {
            long? total = null, available = null;
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal)) total = Kilobytes(line);
                else if (line.StartsWith("MemAvailable:", StringComparison.Ordinal)) available = Kilobytes(line);
            }
            return total is { } t && available is { } a ? (t, a) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long? Kilobytes(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : null;
    }

    private static (long Total, long Available) FromGc()
    {
        var info = GC.GetGCMemoryInfo();
        return (info.TotalAvailableMemoryBytes, Math.Max(0, info.TotalAvailableMemoryBytes - info.MemoryLoadBytes));
    }
}
