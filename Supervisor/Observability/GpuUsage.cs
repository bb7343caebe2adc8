namespace SdSupervised.Supervisor.Observability;

/// <summary>One GPU's memory and utilisation at one poll of <c>nvidia-smi</c>.</summary>
public sealed record GpuUsage(int Index, long MemoryUsedBytes, long MemoryTotalBytes, double UtilizationRatio);
