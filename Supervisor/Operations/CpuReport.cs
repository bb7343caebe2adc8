namespace SdSupervised.Supervisor.Operations;

/// <summary>The host's CPU: model name and the cores this process may use.</summary>
public sealed record CpuReport(string Model, int Cores);
