using System.Threading.Channels;

namespace SdSupervised.Supervisor.Workers;

/// <summary>
/// The pool-wide, ordered stream of slot changes. Slots publish while holding their own lock, into one channel read
/// by one loop, so every subscriber (SSE, systemd STATUS) sees each slot's changes in the order they happened and
/// never blocks a slot. Subscribers run on that loop: they must be quick; one that throws is logged and kept.
/// </summary>
public sealed class WorkerSlotEvents : IAsyncDisposable
{
    // Items are changes, or a flush marker (a TaskCompletionSource) completed when the loop reaches it.
    private readonly Channel<object> _items = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _lock = new();
    private readonly ILogger<WorkerSlotEvents> _logger;
    private readonly Task _loop;
    private Action<WorkerSlotChange>[] _subscribers = [];

    public WorkerSlotEvents(ILogger<WorkerSlotEvents> logger)
    {
        _logger = logger;
        _loop = Task.Run(DeliverAsync);
    }

    /// <summary>Called by a slot under its lock; never blocks.</summary>
    public void Publish(WorkerSlotChange change) => _items.Writer.TryWrite(change);

    public IDisposable Subscribe(Action<WorkerSlotChange> subscriber)
    {
        lock (_lock)
            _subscribers = [.. _subscribers, subscriber];
        return new Subscription(this, subscriber);
    }

    /// <summary>Completes once every change published before the call has been delivered.</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_items.Writer.TryWrite(done))
            done.TrySetResult();
        return done.Task.WaitAsync(cancellationToken);
    }

    private async Task DeliverAsync()
    {
        await foreach (var item in _items.Reader.ReadAllAsync())
        {
            if (item is TaskCompletionSource flushed)
            {
                flushed.TrySetResult();
                continue;
            }
            var change = (WorkerSlotChange)item;
            Action<WorkerSlotChange>[] subscribers;
            lock (_lock)
                subscribers = _subscribers;
            foreach (var subscriber in subscribers)
            {
                try
                {
                    subscriber(change);
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "A listener of worker {WorkerId} changes failed", change.Current.WorkerId);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _items.Writer.TryComplete();
        await _loop;
    }

    private sealed class Subscription(WorkerSlotEvents owner, Action<WorkerSlotChange> subscriber) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._lock)
                owner._subscribers = owner._subscribers.Where(s => s != subscriber).ToArray();
        }
    }
}
