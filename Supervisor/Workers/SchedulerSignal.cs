using System.Threading.Channels;

namespace SdSupervised.Supervisor.Workers;

/// <summary>Wakes the scheduler when something it cares about changed (a job queued, a worker became idle). Coalesces bursts.</summary>
public sealed class SchedulerSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _channel.Writer.TryWrite(true);

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Periodic wake-up: a safety net, not the mechanism.
        }
    }
}
