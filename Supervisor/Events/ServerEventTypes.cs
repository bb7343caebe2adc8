using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Events;

/// <summary>The SSE <c>event:</c> names. Stable: clients switch on them.</summary>
public static class ServerEventTypes
{
    public const string Queued = "queued";
    public const string Started = "started";
    public const string Progress = "progress";
    /// <summary>A new live preview (base64 PNG in <c>progress.preview</c>); only when <c>Sds:Previews:Enabled</c>.</summary>
    public const string Preview = "preview";
    public const string Requeued = "requeued";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Worker = "worker";

    /// <summary>Not journaled: tells a resuming client that events it asked for are gone and it should re-poll.</summary>
    public const string Reset = "reset";

    /// <summary>Events a lagging client may skip: a later one of the same kind supersedes them.</summary>
    public static bool IsSkippable(string type) => type is Progress or Preview;

    /// <summary>A job's last event: a job stream ends after it.</summary>
    public static bool IsJobFinal(string type) => type is Completed or Failed or Cancelled;

    /// <summary>The final event type of a finished job.</summary>
    public static string ForFinished(JobStatus status) => status switch
    {
        JobStatus.Completed => Completed,
        JobStatus.Cancelled => Cancelled,
        _ => Failed,
    };
}
