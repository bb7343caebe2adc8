namespace SdSupervised.Supervisor.Storage;

/// <summary>
/// One look at the free space: the least any of the data dir's folders has (<see cref="FreeBytes"/>, null when it could
/// not be read), where (<see cref="Path"/>), when, and why new jobs are refused now (<see cref="DegradedReason"/>, null when not).
/// </summary>
public sealed record StorageReading(long? FreeBytes, string Path, long MinFreeBytes, DateTimeOffset At, string? DegradedReason);
