using SdSupervised.Supervisor.Status;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Hosting.Systemd;

/// <summary>
/// The one line an operator sees in <c>systemctl status</c>, e.g.
/// "3/4 workers idle, 1 faulted (gpu2: cuda_error), 12 queued, 1 running".
/// </summary>
public static class ServiceStatusLine
{
    public static string Format(SupervisorStatus status)
    {
        var workers = status.Workers;
        var parts = new List<string>();
        var idle = workers.Count(w => w.State == WorkerState.Idle);
        parts.Add($"{idle}/{workers.Count} workers idle");
        foreach (var group in workers.Where(w => w.State != WorkerState.Idle).GroupBy(w => w.State).OrderBy(g => g.Key))
        {
            var detail = group.Key is WorkerState.Faulted or WorkerState.Restarting
                ? $" ({string.Join(", ", group.Select(w => w.LastFailure is { } f ? $"{w.Id}: {Snake(f.Kind)}" : w.Id))})"
                : "";
            parts.Add($"{group.Count()} {Snake(group.Key)}{detail}");
        }
        parts.Add($"{status.Queued} queued");
        parts.Add($"{status.Running} running");
        var line = string.Join(", ", parts);
        if (status.Engine.Kind == Contracts.EngineKind.Synthetic)
            line += " [synthetic engine]";
        // Workers still coming up are not a degradation an operator must act on.
        var comingUp = workers.Any(w => w.State is WorkerState.Starting or WorkerState.Restarting);
        return status.Degraded && !comingUp ? "DEGRADED: " + line : line;
    }

    private static string Snake<T>(T value) where T : Enum => Api.ApiJson.Name(value.ToString());
}
