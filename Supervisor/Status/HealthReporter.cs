using SdSupervised.Supervisor.Storage;

namespace SdSupervised.Supervisor.Status;

/// <summary>
/// Whether the service can take and run jobs, and if not why: degraded when no worker is usable or when storage refuses
/// new jobs. /api/health answers 200 either way (the systemd watchdog asks only whether the supervisor answers).
/// </summary>
public sealed class HealthReporter(StatusReporter status, StorageGuard storage)
{
    public HealthReport Check()
    {
        var usable = status.UsableWorkers;
        var reasons = new List<string>(2);
        if (usable == 0)
            reasons.Add("no worker can run jobs (see workers[].reason in /api/status)");
        if (storage.DegradedReason is { } full)
            reasons.Add($"new jobs are refused, storage is full: {full}");
        return new HealthReport(reasons.Count > 0, reasons.Count > 0 ? string.Join("; ", reasons) : null, usable);
    }
}
