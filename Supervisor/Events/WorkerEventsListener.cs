using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Events;

/// <summary>
/// Publishes every worker slot state change as a <c>worker</c> event, in the order the slot made them (the
/// pool-wide <see cref="WorkerSlotEvents"/> stream). Subscribed at start, before any worker spawns; unsubscribed
/// last (first registered), so the workers' final transitions are still published.
/// </summary>
public sealed class WorkerEventsListener(WorkerSlotEvents slots, EventJournal journal) : IHostedLifecycleService
{
    private IDisposable? _subscription;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _subscription = slots.Subscribe(OnChange);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        await slots.FlushAsync(cancellationToken);
        _subscription?.Dispose();
    }

    private void OnChange(WorkerSlotChange change)
    {
        if (change.StateChanged)
            journal.Publish(ServerEventTypes.Worker, null, change.Current.At, WorkerEventData.Of(change));
    }
}
