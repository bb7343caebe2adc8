using SdSupervised.Contracts;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// Live progress of a running job (not persisted). <see cref="Preview"/> is the latest preview as a base64 PNG when
/// previews are on (kept across the steps that carry none).
/// </summary>
public sealed record JobProgress(ProgressPhase Phase, int Step, int Steps, double? EtaSeconds, string? Preview = null);
