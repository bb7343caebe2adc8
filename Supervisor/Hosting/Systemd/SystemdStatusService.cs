using SdSupervised.Supervisor.Status;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Hosting.Systemd;

/// <summary>
/// Tells systemd READY=1 once the API listens and the worker pool has started (workers may still be loading;
/// STATUS says so), keeps STATUS= current as workers and the queue change, and says STOPPING=1 at shutdown.
/// </summary>
public sealed class SystemdStatusService(
    SystemdNotifier notifier,
    StatusReporter status,
    WorkerSlotEvents slots,
    IHostApplicationLifetime lifetime,
    ILogger<SystemdStatusService> logger) : BackgroundService
{
    private readonly SemaphoreSlim _changed = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!notifier.IsEnabled)
            return;

        lifetime.ApplicationStopping.Register(() =>
        {
            if (!notifier.LifetimeHandledBySystemd)
                notifier.Notify("STOPPING=1");
            notifier.Notify("STATUS=stopping: finishing or requeueing running jobs");
        });

        // ApplicationStarted fires after every hosted service started and Kestrel listens.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);

        using var subscription = slots.Subscribe(_ => Signal());

        var last = ServiceStatusLine.Format(status.GetStatus());
        notifier.Notify(notifier.LifetimeHandledBySystemd ? $"STATUS={last}" : $"READY=1\nSTATUS={last}");
        logger.LogInformation("Notified systemd: ready ({Status})", last);

        while (!stoppingToken.IsCancellationRequested)
        {
            // Worker changes wake us at once; queue counts are picked up within a second.
            try
            {
                await _changed.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var line = ServiceStatusLine.Format(status.GetStatus());
            if (line != last && !lifetime.ApplicationStopping.IsCancellationRequested)
            {
                notifier.Notify($"STATUS={line}");
                last = line;
            }
        }
    }

    private void Signal()
    {
        try { _changed.Release(); }
        catch (SemaphoreFullException) { }
    }
}
