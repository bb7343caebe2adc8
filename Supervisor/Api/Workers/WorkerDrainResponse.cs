namespace SdSupervised.Supervisor.Api.Workers;

/// <summary>Answer of drain and enable: whether the slot now refuses new jobs.</summary>
public sealed record WorkerDrainResponse(string WorkerId, bool Draining);
