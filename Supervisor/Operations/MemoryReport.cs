namespace SdSupervised.Supervisor.Operations;

/// <summary>Host memory in bytes; null where the kernel did not say.</summary>
public sealed record MemoryReport(long? TotalBytes, long? AvailableBytes);
