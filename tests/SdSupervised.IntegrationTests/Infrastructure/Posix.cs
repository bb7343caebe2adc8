using System.Runtime.InteropServices;

namespace SdSupervised.IntegrationTests.Infrastructure;

/// <summary>Real signals and /proc probes; the tests must observe processes the way an operator would.</summary>
public static partial class Posix
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);

    /// <summary>Sends <paramref name="signal"/> to exactly one process; false when it is already gone.</summary>
    public static bool Kill(int pid, int signal) => SysKill(pid, signal) == 0;

    /// <summary>
    /// True while the pid names a process that has not exited. A zombie counts as gone: in a container
    /// PID 1 may never reap orphans, and a zombie holds no memory, GPU or socket.
    /// </summary>
    public static bool IsAlive(int pid)
    {
        var state = ReadState(pid);
        return state is not null and not 'Z' and not 'X' and not 'x';
    }

    public static char? ReadState(int pid)
    {
        var stat = ReadStat(pid);
        if (stat is null) return null;
        var close = stat.LastIndexOf(')');
        return close >= 0 && close + 2 < stat.Length ? stat[close + 2] : null;
    }

    public static int? ParentOf(int pid)
    {
        var stat = ReadStat(pid);
        if (stat is null) return null;
        var close = stat.LastIndexOf(')');
        if (close < 0) return null;
        var fields = stat[(close + 2)..].Split(' ');
        return fields.Length > 1 && int.TryParse(fields[1], out var ppid) ? ppid : null;
    }

    /// <summary>The process's command line with NULs turned into spaces, or null when it is gone.</summary>
    public static string? CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim(); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>Direct children of <paramref name="parentPid"/> that are still alive.</summary>
    public static IReadOnlyList<int> ChildrenOf(int parentPid)
    {
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            if (ParentOf(pid) == parentPid && IsAlive(pid)) children.Add(pid);
        }
        return children;
    }

    private static string? ReadStat(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
