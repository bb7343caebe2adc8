namespace SdSupervised.Supervisor.Models;

/// <summary>A file's entry as last scanned, reused while its size and modification time stay the same.</summary>
public sealed record ScanCacheItem(long Size, long ModifiedTicks, ModelEntry Entry);
