using System.Runtime.InteropServices;

namespace SdSupervised.Supervisor.Workers;

/// <summary>Sends POSIX signals to worker processes; we send them ourselves so we always know which kills were ours.</summary>
internal static partial class Signals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);

    /// <summary>
    /// Signals the worker's process group (a worker makes itself a group leader, so children it forked go too),
    /// falling back to the process alone. True when delivered; false when it is already gone.
    /// </summary>
    public static bool SendToGroup(int pid, int signal)
    {
        if ((OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && SysKill(-pid, signal) == 0)
            return true;
        return Send(pid, signal);
    }

    /// <summary>True when the signal was delivered; false when the process is already gone.</summary>
    public static bool Send(int pid, int signal)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            try { System.Diagnostics.Process.GetProcessById(pid).Kill(); return true; }
            catch (ArgumentException) { return false; }
        }
        return SysKill(pid, signal) == 0;
    }
}
