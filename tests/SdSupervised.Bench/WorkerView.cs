namespace SdSupervised.Bench;

/// <summary>One slot of <c>GET /api/status</c>, as far as the benchmarks need it.</summary>
public sealed record WorkerView(string Id, string State, int? Pid, int Restarts, string? LastFailure, string? Standby = null, int Recycles = 0);
