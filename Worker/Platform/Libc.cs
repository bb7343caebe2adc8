using System.Runtime.InteropServices;

namespace SdSupervised.Worker.Platform;

/// <summary>
/// The few libc calls the worker needs. "libc" is mapped by the .NET runtime to the real soname
/// (libc.so.6 on glibc), so no resolver is needed.
/// </summary>
internal static unsafe partial class Libc
{
    private const string Library = "libc";

    public const int PR_SET_PDEATHSIG = 1;
    public const int SIGKILL = 9;

    [LibraryImport(Library, EntryPoint = "prctl", SetLastError = true)]
    public static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport(Library, EntryPoint = "setpgid", SetLastError = true)]
    public static partial int SetProcessGroup(int pid, int pgid);

    [LibraryImport(Library, EntryPoint = "getppid")]
    public static partial int GetParentProcessId();

    /// <summary>Raises SIGABRT without running any managed shutdown, exactly like ggml_abort does.</summary>
    [LibraryImport(Library, EntryPoint = "abort")]
    public static partial void Abort();

    /// <summary>Used with a null pointer to fault inside native code, where the runtime does not turn it into an exception.</summary>
    [LibraryImport(Library, EntryPoint = "strlen")]
    public static partial nuint StrLen(byte* value);
}
