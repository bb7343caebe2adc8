namespace SdSupervised.Supervisor.Models;

/// <summary>The files one scan found (ids not yet assigned), the cache for the next scan, and the scan's figures.</summary>
public sealed record ScanResult(IReadOnlyList<ModelEntry> Entries, IReadOnlyDictionary<string, ScanCacheItem> Cache, ScanStats Stats);
