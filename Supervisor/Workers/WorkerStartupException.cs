namespace SdSupervised.Supervisor.Workers;

/// <summary>A worker that could not be launched or did not complete its handshake.</summary>
public sealed class WorkerStartupException(WorkerExitReport report)
    : Exception(report.Failure?.Message ?? "worker did not start")
{
    public WorkerExitReport Report { get; } = report;
}
