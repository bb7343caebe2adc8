using System.Globalization;
using SdSupervised.Contracts;

namespace SdSupervised.Supervisor.Jobs.Postgres;

/// <summary>A job's progress as a <see cref="ClusterNotificationKind.Progress"/> notification carries it: <c>phase step steps [eta]</c> (no preview).</summary>
public static class ClusterProgress
{
    public static string Format(JobProgress progress) =>
        string.Create(CultureInfo.InvariantCulture, $"{progress.Phase} {progress.Step} {progress.Steps} {progress.EtaSeconds}").TrimEnd();

    public static JobProgress? Parse(string? detail)
    {
        var parts = detail?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (parts.Length < 3
            || !Enum.TryParse<ProgressPhase>(parts[0], ignoreCase: false, out var phase) || !Enum.IsDefined(phase)
            || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var step)
            || !int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var steps))
        {
            return null;
        }

        double? eta = parts.Length > 3 && double.TryParse(parts[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var e) ? e : null;
        return new JobProgress(phase, step, steps, eta);
    }
}
