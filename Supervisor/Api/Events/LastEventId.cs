using System.Globalization;

namespace SdSupervised.Supervisor.Api.Events;

/// <summary>
/// Where a resuming client says what it has seen: the <c>Last-Event-ID</c> header (EventSource sends it on reconnect),
/// else <c>?last_event_id=</c> for clients that cannot set headers. 0 asks for everything retained.
/// </summary>
public static class LastEventId
{
    public const string Header = "Last-Event-ID";
    public const string Query = "last_event_id";

    /// <summary>False with an error message when a value is there but is not a non-negative integer.</summary>
    public static bool TryRead(HttpRequest request, out long? lastEventId, out string? error)
    {
        lastEventId = null;
        error = null;
        string? raw = request.Headers[Header];
        var source = Header;
        if (string.IsNullOrWhiteSpace(raw))
        {
            raw = request.Query[Query];
            source = Query;
        }
        if (string.IsNullOrWhiteSpace(raw))
            return true;
        if (long.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            lastEventId = id;
            return true;
        }
        error = $"{source} must be a non-negative integer event id (got '{raw}')";
        return false;
    }
}
