using SdSupervised.Contracts;
using SdSupervised.Worker.Native;

namespace SdSupervised.Worker.Engines.Native;

/// <summary>
/// Progress of one <c>generate_video</c> call as one count across both models of a Wan 2.2 pair. The library runs
/// its sampler twice (high-noise steps, then low-noise steps), and each run reports its own 1..n through the one
/// progress callback; its log lines say when the high-noise run ended ("sampling(high noise) completed") and when
/// decoding starts ("generating latent video completed"). Steps before the first "sampling" line (the init image's
/// VAE encode) are left out, as for images.
/// </summary>
public sealed class NativeVideoProgressTracker(IProgress<GenerationProgress>? progress, int expectedTotalSteps, Action? onCallback = null)
    : INativeListener
{
    private volatile bool _sampling;
    private volatile bool _decoding;
    private int _offset;
    private int _lastStep;
    private RawImage? _preview;

    public void OnPreview(int step, RawImage image) => Volatile.Write(ref _preview, image);

    public void OnLog(SdLogLevel level, string text)
    {
        onCallback?.Invoke();
        if (text.Contains("sampling(high noise) completed", StringComparison.Ordinal))
        {
            // The low-noise run counts from 1 again: carry on from where the high-noise run ended.
            Volatile.Write(ref _offset, Volatile.Read(ref _lastStep));
        }
        else if (text.Contains("generating latent video completed", StringComparison.Ordinal))
        {
            _decoding = true;
        }
        else if (text.Contains("sampling", StringComparison.Ordinal) && text.Contains("method", StringComparison.Ordinal))
        {
            _sampling = true;
        }
    }

    public void OnProgress(int step, int steps, float seconds)
    {
        onCallback?.Invoke();
        if (step <= 0 || steps <= 0 || !_sampling)
            return;
        var seconds0 = float.IsFinite(seconds) && seconds > 0 ? seconds : 0;
        if (_decoding)
        {
            progress?.Report(new GenerationProgress { Phase = ProgressPhase.Decoding, Step = step, Steps = steps, SecondsPerStep = seconds0 });
            return;
        }
        var offset = Volatile.Read(ref _offset);
        var done = offset + step;
        Volatile.Write(ref _lastStep, done);
        progress?.Report(new GenerationProgress
        {
            Phase = ProgressPhase.Sampling,
            Step = done,
            Steps = Math.Max(expectedTotalSteps, offset + steps),
            SecondsPerStep = seconds0,
            Preview = Interlocked.Exchange(ref _preview, null),
        });
    }
}
