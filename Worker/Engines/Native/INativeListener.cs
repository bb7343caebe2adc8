using SdSupervised.Worker.Native;

namespace SdSupervised.Worker.Engines.Native;

/// <summary>Sees the library's callbacks while one native call runs (progress translation, cancellation re-issue).</summary>
public interface INativeListener
{
    void OnLog(SdLogLevel level, string text);

    void OnProgress(int step, int steps, float seconds);

    void OnPreview(int step, Contracts.RawImage image) { }
}
