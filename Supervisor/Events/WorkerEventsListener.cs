using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Events;

/// <summary>
/// Publishes every worker slot state change as a <c>worker</c> event. The pool creates its slots in its own
/// StartAsync, which runs after ours (it is registered later), so the slots are subscribed in
/// <see cref="StartedAsync"/>, when every hosted service has started; workers spawn in the background, so
/// their first transitions are still seen.
/// </summary>
public sealed class WorkerEventsListener(WorkerPool pool, EventJournal journal) : IHostedLifecycleService
{
    private IReadOnlyList<WorkerSlot> _slots = [];

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _slots = pool.Slots;
        foreach (var slot in _slots)
            slot.StateChanged += OnStateChanged;
        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Last to stop (first registered), so the workers' final transitions are still published.</summary>
    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        foreach (var slot in _slots)
            slot.StateChanged -= OnStateChanged;
        return Task.CompletedTask;
    }

    private void OnStateChanged(object? sender, WorkerStateChange change) =>
        journal.Publish(ServerEventTypes.Worker, null, change.At, WorkerEventData.Of(change));
}
