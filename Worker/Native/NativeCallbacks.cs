using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SdSupervised.Worker.Native;

/// <summary>
/// The function pointers handed to <c>sd_set_log_callback</c> / <c>sd_set_progress_callback</c>. They are static
/// <see cref="UnmanagedCallersOnlyAttribute"/> methods, not delegates: nothing the GC could collect while the
/// library still holds the pointer, for the whole life of the process. An exception must never unwind into
/// C++ (that would take the process down), so each entry swallows them.
/// </summary>
internal static unsafe class NativeCallbacks
{
    private static volatile INativeCallbackSink? s_sink;

    public static void Install(INativeCallbackSink sink)
    {
        s_sink = sink;
        SdNative.SetLogCallback(&OnLog, null);
        SdNative.SetProgressCallback(&OnProgress, null);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLog(int level, byte* text, void* data)
    {
        try
        {
            if (text is not null)
                s_sink?.OnLog((SdLogLevel)level, Marshal.PtrToStringUTF8((nint)text) ?? "");
        }
        catch
        {
            // Logging must never kill a generation.
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnProgress(int step, int steps, float seconds, void* data)
    {
        try
        {
            s_sink?.OnProgress(step, steps, seconds);
        }
        catch
        {
            // A vanished progress listener must not kill a generation.
        }
    }
}
