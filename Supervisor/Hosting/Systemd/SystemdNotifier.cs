using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting.Systemd;

namespace SdSupervised.Supervisor.Hosting.Systemd;

/// <summary>
/// The sd_notify protocol: datagrams like <c>READY=1</c> or <c>STATUS=...</c> to <c>$NOTIFY_SOCKET</c>.
/// Our own client, because Microsoft's notifier only activates when systemd is the parent process, and the
/// protocol must behave the same under a test harness. Sending never throws: systemd may be gone.
/// </summary>
public sealed class SystemdNotifier : IDisposable
{
    private readonly string? _socketPath;
    private readonly Socket? _socket;
    private readonly ILogger<SystemdNotifier> _logger;
    private readonly Lock _lock = new();
    private bool _warned;

    public SystemdNotifier(ILogger<SystemdNotifier> logger)
    {
        _logger = logger;
        var path = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(path) || !OperatingSystem.IsLinux())
            return;
        // A leading '@' names a socket in the abstract namespace.
        _socketPath = path[0] == '@' ? "\0" + path[1..] : path;
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        // Under systemd itself, Microsoft's SystemdLifetime already sends READY=1 and STOPPING=1.
        LifetimeHandledBySystemd = SystemdHelpers.IsSystemdService();
    }

    public bool IsEnabled => _socket is not null;

    /// <summary>True when <c>UseSystemd()</c> is active and sends READY/STOPPING itself.</summary>
    public bool LifetimeHandledBySystemd { get; }

    public void Notify(string state)
    {
        if (_socket is null)
            return;
        try
        {
            lock (_lock)
                _socket.SendTo(Encoding.UTF8.GetBytes(state), SocketFlags.None, new UnixDomainSocketEndPoint(_socketPath!));
        }
        catch (SocketException ex)
        {
            if (_warned)
                return;
            _warned = true;
            _logger.LogWarning("Cannot notify systemd at {NotifySocket}: {Error}", Environment.GetEnvironmentVariable("NOTIFY_SOCKET"), ex.Message);
        }
    }

    public void Dispose() => _socket?.Dispose();
}
