using SdSupervised.Contracts;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>
/// A1111 has one generation at a time; this server may run one per worker. Progress describes the running job that
/// started first; <c>job_count</c> counts every running and queued job, so "is it busy?" (<c>job_count &gt; 0</c>)
/// tells the truth. <c>current_image</c> is the running job's latest preview (a base64 PNG) when previews are on.
/// </summary>
public static class A1111ProgressBuilder
{
    /// <param name="skipCurrentImage">A1111's <c>skip_current_image</c>: leave the preview out.</param>
    public static A1111Progress Build(QueueSnapshot queue, bool skipCurrentImage = false)
    {
        var running = queue.Jobs.Where(j => j.Position is null && j.Job.Status == JobStatus.Running)
            .OrderBy(j => j.Job.StartedAt ?? j.Job.CreatedAt).FirstOrDefault();
        var jobCount = queue.Jobs.Count;
        if (running is null)
            return new A1111Progress(0, 0, new A1111ProgressState(false, false, "", jobCount, "0", 0, 0, 0), null, null, null);

        var p = running.Progress;
        var fraction = p is null ? 0 : p.Phase switch
        {
            ProgressPhase.LoadingModel => 0,
            ProgressPhase.Decoding => 1,
            _ => p.Steps > 0 ? Math.Clamp((double)p.Step / p.Steps, 0, 1) : 0,
        };
        var text = p is null ? "Waiting to start" : $"{PhaseText(p.Phase)} {p.Step}/{p.Steps}";
        var sampling = p is { Phase: ProgressPhase.Sampling };
        return new A1111Progress(
            Math.Round(fraction, 4),
            Math.Round(p?.EtaSeconds ?? 0, 2),
            new A1111ProgressState(false, false, running.Job.Id, jobCount, A1111InfoBuilder.Timestamp(running.Job.StartedAt ?? running.Job.CreatedAt), 0,
                sampling ? p!.Step : 0, sampling ? p!.Steps : StepsOf(running.Job.Request)),
            skipCurrentImage ? null : p?.Preview, text, running.Job.Id);
    }

    private static int StepsOf(JobRequest request) => request switch
    {
        GenerationParameters g => g.Steps,
        VideoParameters v => v.TotalSteps,
        _ => 0,
    };

    private static string PhaseText(ProgressPhase phase) => phase switch
    {
        ProgressPhase.LoadingModel => "Loading model",
        ProgressPhase.Sampling => "Sampling step",
        ProgressPhase.Decoding => "Decoding",
        ProgressPhase.Upscaling => "Upscaling tile",
        _ => phase.ToString(),
    };
}
