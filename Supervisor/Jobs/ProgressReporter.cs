using SdSupervised.Contracts;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// Receives a worker's progress notifications (synchronously, in order, unlike <see cref="Progress{T}"/>),
/// updates the job's live progress and ETA, and feeds the stall watchdog.
/// </summary>
public sealed class ProgressReporter(ActiveJob job, ProgressWatchdog watchdog, Events.IJobEvents? events = null) : IProgress<GenerationProgress>
{
    private double _averageStepSeconds;

    public void Report(GenerationProgress value)
    {
        watchdog.Touch($"{value.Phase} step {value.Step}/{value.Steps}");
        double? eta = null;
        if (value.Phase == ProgressPhase.Sampling && value.Steps > 0)
        {
            if (value.SecondsPerStep > 0)
                _averageStepSeconds = _averageStepSeconds == 0 ? value.SecondsPerStep : (0.7 * _averageStepSeconds) + (0.3 * value.SecondsPerStep);
            var batch = job.Job.Request is GenerationParameters p ? Math.Max(1, p.BatchCount) : 1;
            var total = value.Steps * batch;
            var done = (value.BatchIndex * value.Steps) + value.Step;
            eta = Math.Round(Math.Max(0, total - done) * _averageStepSeconds, 2);
            Publish(new JobProgress(value.Phase, done, total, eta), value.Preview);
            return;
        }
        Publish(new JobProgress(value.Phase, value.Step, value.Steps, eta), value.Preview);
    }

    private void Publish(JobProgress progress, RawImage? newPreview)
    {
        var encoded = newPreview is null ? null : PreviewPng(newPreview);
        if ((encoded ?? job.Progress?.Preview) is { } preview)
            progress = progress with { Preview = preview };
        job.Progress = progress;
        events?.Progress(job.Job, progress);
        if (encoded is not null)
            events?.Preview(job.Job, progress);
    }

    /// <summary>A worker's preview as base64 PNG; a malformed one is dropped (a preview is never worth a job).</summary>
    private static string? PreviewPng(RawImage image)
    {
        if (image.Width <= 0 || image.Height <= 0 || image.Channels is not (1 or 3 or 4) || image.Pixels.LongLength != (long)image.Width * image.Height * image.Channels)
            return null;
        var decoded = Images.ImageCodec.FromPixels(image.Width, image.Height, image.Channels, image.Pixels);
        return Convert.ToBase64String(Images.ImageCodec.Encode(decoded, Images.ImageFormat.Png));
    }
}
