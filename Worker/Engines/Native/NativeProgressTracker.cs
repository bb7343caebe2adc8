using System.Globalization;
using System.Text.RegularExpressions;
using SdSupervised.Contracts;
using SdSupervised.Worker.Native;

namespace SdSupervised.Worker.Engines.Native;

/// <summary>
/// Turns the library's one global progress callback into <see cref="GenerationProgress"/> for the call in
/// progress. The callback carries only (step, steps, seconds) and is also used for tensor loading and VAE
/// tiles, so during a generation the library's own log lines say which image of the batch is sampling and
/// when decoding starts. If those lines ever change, progress still flows, as batch 0 of the sampling phase.
/// </summary>
public sealed partial class NativeProgressTracker(ProgressPhase phase, IProgress<GenerationProgress>? progress, Action? onCallback = null)
    : INativeListener
{
    private readonly bool _generation = phase == ProgressPhase.Sampling;
    private volatile bool _sampling;
    private int _batchIndex;
    private ProgressPhase _phase = phase;
    private RawImage? _preview;

    /// <summary>Kept for the next progress report: the library calls back for the preview and the step separately.</summary>
    public void OnPreview(int step, RawImage image) => Volatile.Write(ref _preview, image);

    public void OnLog(SdLogLevel level, string text)
    {
        onCallback?.Invoke();
        if (!_generation)
            return;

        if (GeneratingImage().Match(text) is { Success: true } match)
        {
            Volatile.Write(ref _batchIndex, int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture) - 1);
            _phase = ProgressPhase.Sampling;
            _sampling = true;
        }
        else if (text.Contains("hires fix", StringComparison.Ordinal))
        {
            _phase = ProgressPhase.Sampling;
            _sampling = true;
        }
        else if (DecodingLatents().IsMatch(text))
        {
            _phase = ProgressPhase.Decoding;
            _sampling = true;
        }
    }

    public void OnProgress(int step, int steps, float seconds)
    {
        onCallback?.Invoke();
        // Step 0 is the library's "starting" mark, not a finished step. Before the first image starts sampling
        // (img2img's VAE encode) the reports are tiles of a phase we have no name for; they are left out.
        if (step <= 0 || steps <= 0 || (_generation && !_sampling))
            return;

        progress?.Report(new GenerationProgress
        {
            Phase = _phase,
            Step = step,
            Steps = steps,
            BatchIndex = Math.Max(0, Volatile.Read(ref _batchIndex)),
            SecondsPerStep = float.IsFinite(seconds) && seconds > 0 ? seconds : 0,
            Preview = _phase == ProgressPhase.Sampling ? Interlocked.Exchange(ref _preview, null) : null,
        });
    }

    [GeneratedRegex(@"generating image: (\d+)/(\d+)")]
    private static partial Regex GeneratingImage();

    [GeneratedRegex(@"decoding \d+(/\d+)? latents")]
    private static partial Regex DecodingLatents();
}
