using System.ComponentModel.DataAnnotations;

namespace SdSupervised.Supervisor.Events;

/// <summary>Server-Sent Events settings, section <c>Sds:Events</c>.</summary>
public sealed class EventsOptions
{
    public const string SectionName = "Sds:Events";

    /// <summary>How many recent events are kept for clients that resume with <c>Last-Event-ID</c>.</summary>
    [Range(16, 1_000_000)]
    public int RetainedEvents { get; set; } = 2048;

    /// <summary>Events buffered per client; a client this far behind on lifecycle events is disconnected (it can resume).</summary>
    [Range(16, 100_000)]
    public int SubscriberQueue { get; set; } = 256;

    /// <summary>A <c>: keep-alive</c> comment after this long without an event, so proxies keep the connection.</summary>
    [Range(1, 3600)]
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>The <c>retry:</c> hint: how long an EventSource waits before it reconnects.</summary>
    [Range(100, 600_000)]
    public int RetryMilliseconds { get; set; } = 3000;
}
