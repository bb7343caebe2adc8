using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Workers;

/// <summary>Which engine the workers run, and why (shown in /api/status as <c>engine</c>).</summary>
public sealed record EngineDecision(EngineKind Kind, EngineSelection Requested, string Reason, string? NativeLibraryPath);
