using System.Diagnostics;
using SdSupervised.Contracts;

namespace SdSupervised.Worker.Tracing;

/// <summary>
/// The worker's spans (<see cref="SourceName"/>). A span is started only as the child of the supervisor's span
/// passed in the call: a worker never starts a trace of its own, so with tracing off in the supervisor nothing
/// is recorded here either, whatever listens.
/// </summary>
public static class WorkerTracing
{
    public const string SourceName = "SdSupervised.Worker";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>A child of <paramref name="parent"/>, or null when the call carries no (valid) context or nobody samples it.</summary>
    public static Activity? Start(string name, TraceContext? parent, string workerId)
    {
        if (parent is null || !ActivityContext.TryParse(parent.TraceParent, parent.TraceState, isRemote: true, out var context))
            return null;
        var activity = Source.StartActivity(name, ActivityKind.Server, context);
        activity?.SetTag("sds.worker.id", workerId);
        return activity;
    }

    /// <summary>How a call ended, on its span: <c>ok</c>, or <c>error</c> with the engine's reason.</summary>
    public static void End(Activity? activity, bool success, string? error)
    {
        if (activity is null)
            return;
        activity.SetTag("sds.outcome", success ? "ok" : "error");
        if (success)
            activity.SetStatus(ActivityStatusCode.Ok);
        else
            activity.SetStatus(ActivityStatusCode.Error, error);
    }
}
