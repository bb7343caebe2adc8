using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SdSupervised.Worker.Native;

/// <summary>
/// The function pointers handed to <c>sd_set_log_callback</c> / <c>sd_set_progress_callback</c> / <c>sd_set_preview_callback</c>. They are static
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

    /// <summary>
    /// Previews for the next generations every <paramref name="everySteps"/> steps, or none (null): decoded by the
    /// loaded TAESD when <paramref name="taesd"/> (a real picture at the output size), else the library's latent
    /// projection. Global library state, like the other callbacks; generations never overlap.
    /// </summary>
    public static void SetPreviews(int? everySteps, bool taesd = false)
    {
        if (everySteps is > 0)
            SdNative.SetPreviewCallback(&OnPreview, taesd ? SdNative.PreviewTaesd : SdNative.PreviewProjection, everySteps.Value, denoised: 1, noisy: 0, null);
        else
            SdNative.SetPreviewCallback(null, 0, 1, 0, 0, null);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnPreview(int step, int frameCount, SdImage* frames, byte isNoisy, void* data)
    {
        try
        {
            if (frames is null || frameCount < 1 || frames->Data is null || frames->Width == 0 || frames->Height == 0)
                return;
            var f = frames[0];
            if (f.Channel is not (1 or 3 or 4) || (long)f.Width * f.Height > 4096L * 4096)
                return;
            // Copied now: the library reuses the buffer once the callback returns.
            var pixels = new ReadOnlySpan<byte>(f.Data, checked((int)(f.Width * f.Height * f.Channel))).ToArray();
            s_sink?.OnPreview(step, new Contracts.RawImage { Width = (int)f.Width, Height = (int)f.Height, Channels = (int)f.Channel, Pixels = pixels });
        }
        catch
        {
            // A preview is never worth a generation.
        }
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
