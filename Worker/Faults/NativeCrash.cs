using SdSupervised.Worker.Logging;
using SdSupervised.Worker.Platform;

namespace SdSupervised.Worker.Faults;

/// <summary>
/// Ends the process the way a crashing native library does. Both go through libc on purpose: a fault in
/// managed code would become a NullReferenceException, and Environment.FailFast would exit differently.
/// </summary>
public static class NativeCrash
{
    /// <summary>Reads address 0 inside libc's strlen: the kernel delivers SIGSEGV and the parent sees 128 + 11 = 139.</summary>
    public static unsafe void Segfault()
    {
        Libc.StrLen(null);
        throw new InvalidOperationException("strlen(NULL) returned; this platform did not fault.");
    }

    /// <summary>Writes ggml's last words to stderr (flushed), then abort(): SIGABRT, parent sees 128 + 6 = 134.</summary>
    public static void Abort(IReadOnlyList<string> stderrLines)
    {
        StandardError.WriteLines(stderrLines);
        Libc.Abort();
    }
}
