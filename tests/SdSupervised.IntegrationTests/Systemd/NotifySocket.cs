using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace SdSupervised.IntegrationTests.Systemd;

/// <summary>
/// Plays systemd's side of sd_notify: a Unix datagram socket the supervisor is pointed at with NOTIFY_SOCKET,
/// recording every message with the time it arrived. <see cref="OnMessage"/> runs on arrival, so a test can
/// check the server's state at the very moment a message came.
/// </summary>
public sealed class NotifySocket : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;
    private readonly ConcurrentQueue<NotifyMessage> _messages = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public NotifySocket()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"sds-notify-{Guid.NewGuid():N}"[..24] + ".sock");
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
        _receiving = ReceiveAsync();
    }

    public string Path { get; }

    public Func<NotifyMessage, Task>? OnMessage { get; set; }

    public IReadOnlyList<NotifyMessage> Messages => [.. _messages];

    /// <summary>Every "KEY=value" assignment received so far, in order (a datagram may hold several lines).</summary>
    public IReadOnlyList<(string Key, string Value, TimeSpan At)> Assignments =>
        Messages.SelectMany(m => m.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .Select(kv => (kv[0], kv[1], m.At))).ToList();

    public async Task<(string Key, string Value, TimeSpan At)> WaitForAsync(Func<(string Key, string Value, TimeSpan At), bool> predicate, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var found = Assignments.Where(predicate).ToList();
            if (found.Count > 0)
                return found[0];
            await Task.Delay(20);
        }
        throw new Xunit.Sdk.XunitException($"no sd_notify message for {what} within {timeout.TotalSeconds:0} s; received:\n{string.Join("\n", Messages.Select(m => $"{m.At.TotalSeconds:0.00}s {m.Text}"))}");
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[8192];
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            var message = new NotifyMessage(Encoding.UTF8.GetString(buffer, 0, length), _clock.Elapsed);
            if (OnMessage is { } handler)
                await handler(message);
            _messages.Enqueue(message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try { await _receiving; } catch (OperationCanceledException) { }
        File.Delete(Path);
        _stop.Dispose();
    }
}

public sealed record NotifyMessage(string Text, TimeSpan At);
