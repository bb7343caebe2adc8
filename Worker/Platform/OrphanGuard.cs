namespace SdSupervised.Worker.Platform;

/// <summary>
/// Makes the kernel kill this worker when its supervisor dies, so a killed supervisor never leaves
/// a worker holding GPU memory. PR_SET_PDEATHSIG fires when the thread that forked us exits, which
/// is why the supervisor spawns workers from a long-lived thread.
/// </summary>
public static class OrphanGuard
{
    /// <summary>Arms the parent-death signal; false (with the reason) when the parent is already gone.</summary>
    public static bool TryArm(out string? reason)
    {
        reason = null;
        if (!OperatingSystem.IsLinux())
            return true;

        var parentBefore = Libc.GetParentProcessId();
        // Our own process group, so the supervisor can signal us together with anything the native library
        // forks (a backtrace helper, say) by killing the group. Not fatal if refused.
        Libc.SetProcessGroup(0, 0);
        if (Libc.Prctl(Libc.PR_SET_PDEATHSIG, Libc.SIGKILL, 0, 0, 0) != 0)
        {
            // Not fatal: the pipe closing still ends us, only a frozen-and-killed supervisor would leak us.
            reason = $"prctl(PR_SET_PDEATHSIG) failed with errno {System.Runtime.InteropServices.Marshal.GetLastSystemError()}";
            return true;
        }

        // The parent may have died between fork and prctl; then no signal will ever come, so check now.
        var parentAfter = Libc.GetParentProcessId();
        if (parentAfter == 1 || parentAfter != parentBefore)
        {
            reason = $"parent process is already gone (parent pid {parentBefore}, now {parentAfter})";
            return false;
        }

        return true;
    }
}
