namespace SdSupervised.Contracts;

/// <summary>
/// W3C trace context of the supervisor's span that makes a call (<c>traceparent</c> and <c>tracestate</c> header
/// values), so the worker's spans join the job's trace. Null on both sides when tracing is off.
/// </summary>
public sealed record TraceContext
{
    public string TraceParent { get; init; } = "";
    public string? TraceState { get; init; }
}
