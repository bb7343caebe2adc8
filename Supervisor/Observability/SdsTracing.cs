using System.Diagnostics;
using SdSupervised.Contracts;

namespace SdSupervised.Supervisor.Observability;

/// <summary>The supervisor's <see cref="ActivitySource"/> and the W3C context handed to the worker with each call.</summary>
public static class SdsTracing
{
    public const string SourceName = "SdSupervised";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// A stage of the running attempt (model load, generate, encode) as a child of the current span. Only under an
    /// attempt span: a stage never starts a trace of its own, so a job without a trace records nothing.
    /// </summary>
    public static Activity? StartStage(string name) =>
        Activity.Current is { } parent && parent.Source == Source ? Source.StartActivity(name) : null;

    /// <summary>The current span as the <c>traceparent</c>/<c>tracestate</c> the worker continues; null without one.</summary>
    public static TraceContext? Propagate() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } id } current
            ? new TraceContext { TraceParent = id, TraceState = current.TraceStateString }
            : null;

    /// <summary>How a stage's call came back; an exception leaves it unset, and the attempt's span says what followed.</summary>
    public static void SetOutcome(Activity? span, bool success, string? error)
    {
        if (span is null)
            return;
        span.SetTag("sds.outcome", success ? "ok" : "error");
        span.SetStatus(success ? ActivityStatusCode.Ok : ActivityStatusCode.Error, success ? null : error);
    }
}
