namespace SdSupervised.Supervisor.Workers;

/// <summary>
/// A hosted listener of the pool-wide, ordered stream of slot changes (<see cref="WorkerSlotEvents"/>): subscribed
/// at start, before any worker spawns, and unsubscribed only after the stream is flushed at the end, so a listener
/// sees every slot's first and last transitions.
/// </summary>
public abstract class WorkerSlotListener(WorkerSlotEvents slots) : IHostedLifecycleService
{
    private IDisposable? _subscription;

    /// <summary>One slot change, in the order the slot made them; called on the stream's delivery loop only.</summary>
    public abstract void OnChange(WorkerSlotChange change);

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
}
