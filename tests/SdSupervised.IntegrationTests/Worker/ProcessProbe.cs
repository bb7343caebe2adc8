using System.Runtime.InteropServices;

namespace SdSupervised.IntegrationTests.Worker;

/// <summary>Looks at processes that are not our children (so Process cannot wait for them) through /proc.</summary>
internal static partial class ProcessProbe
{
    /// <summary>False when gone or a zombie: in a container PID 1 may never reap an orphan, and a zombie holds nothing.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // State is the first field after the parenthesised command name.
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X' or 'x');
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static void Kill(int pid)
    {
        if (IsAlive(pid))
            _ = SysKill(pid, 9);
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SysKill(int pid, int signal);
}
