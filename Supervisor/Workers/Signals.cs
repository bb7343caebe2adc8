using System.Runtime.InteropServices;

namespace SdSupervised.Supervisor.Workers;

/// <summary>Sends POSIX signals to worker processes; we send them ourselves so we always know which kills were ours.</summary>
internal static partial class Signals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);

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
