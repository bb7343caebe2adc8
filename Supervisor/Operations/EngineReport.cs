using SdSupervised.Contracts;

namespace SdSupervised.Supervisor.Operations;

/// <summary>The engine the workers run, why, and the native library's version when a worker has reported it.</summary>
public sealed record EngineReport(EngineKind Kind, string Reason, string? NativeVersion, string? NativeCommit);
