namespace SdSupervised.Supervisor.Workers;

/// <summary>One GPU as nvidia-smi reports it.</summary>
public sealed record GpuInfo(int Index, string Name, long MemoryMiB);
