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
            var batch = Math.Max(1, job.Job.Parameters.BatchCount);
            var total = value.Steps * batch;
            var done = (value.BatchIndex * value.Steps) + value.Step;
            eta = Math.Round(Math.Max(0, total - done) * _averageStepSeconds, 2);
            Publish(new JobProgress(value.Phase, done, total, eta));
            return;
        }
        Publish(new JobProgress(value.Phase, value.Step, value.Steps, eta));
    }

    private void Publish(JobProgress progress)
    {
        job.Progress = progress;
        events?.Progress(job.Job, progress);
    }
}
