namespace SdSupervised.Worker.Native;

/// <summary>Receives the library's log and progress callbacks, on whatever thread the library calls from.</summary>
public interface INativeCallbackSink
{
    /// <summary><paramref name="text"/> is exactly what the library passed (usually one line ending in <c>\n</c>).</summary>
    void OnLog(SdLogLevel level, string text);

    void OnProgress(int step, int steps, float seconds);

    /// <summary>A preview of the image being sampled (copied out of the library's buffer).</summary>
    void OnPreview(int step, Contracts.RawImage image) { }
}
