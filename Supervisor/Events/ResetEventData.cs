namespace SdSupervised.Supervisor.Events;

/// <summary>The data of a <c>reset</c>: the requested <c>Last-Event-ID</c> is older than what is kept (or not ours,
/// e.g. from before a restart); events from <paramref name="OldestId"/> on follow, anything earlier must be re-polled.</summary>
public sealed record ResetEventData(long OldestId, long? LastEventId);
