using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Hosting.Systemd;

/// <summary>
/// Whether the supervisor itself is healthy enough to pet the systemd watchdog: the HTTP server answers and
/// the scheduler loop keeps turning. Workers being down is not unhealthy (that is the supervisor's job to fix);
/// a wedged supervisor is, and systemd should restart it.
/// </summary>
public sealed class SupervisorHealth(Func<DateTimeOffset> lastLoopAt, TimeProvider time)
{
    /// <summary>The scheduler wakes at least every second; allow generous slack for a loaded machine.</summary>
    public static readonly TimeSpan SchedulerStallLimit = TimeSpan.FromSeconds(15);

    public SupervisorHealth(JobScheduler scheduler, TimeProvider time)
        : this(() => scheduler.LastLoopAt, time)
    {
    }

    /// <summary>Null when healthy, otherwise why not.</summary>
    public string? Check(bool httpAnswered)
    {
        if (!httpAnswered)
            return "the HTTP server did not answer /api/health";
        var age = time.GetUtcNow() - lastLoopAt();
        return age > SchedulerStallLimit ? $"the scheduler loop has not turned for {age.TotalSeconds:0} s" : null;
    }
}
