using System.Net;
using System.Net.Sockets;

namespace SdSupervised.Supervisor.Images;

/// <summary>
/// The downloader's <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host itself, refuses the
/// connection when any resolved address is refused, and connects to the addresses it checked. Checking and
/// connecting in one place is what defeats DNS rebinding (a name that resolves public, then private).
/// </summary>
public sealed class GuardedConnector(NetworkAddressPolicy policy, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
{
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve = resolve ?? Dns.GetHostAddressesAsync;

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await ResolveAsync(host, cancellationToken);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw new ImageImportRefusedException(ImageInputErrors.Download(
            $"could not connect to {host} port {context.DnsEndPoint.Port} ({last?.Message ?? "no address"})."));
    }

    /// <summary>Every address of <paramref name="host"/>, all of them allowed; throws the refusal otherwise.</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        IPAddress[] addresses;
        if (IPAddress.TryParse(literal, out var ip))
        {
            addresses = [ip];
        }
        else
        {
            try
            {
                addresses = await _resolve(host, cancellationToken);
            }
            catch (SocketException e)
            {
                throw new ImageImportRefusedException(ImageInputErrors.Download($"DNS lookup of '{host}' failed: {e.SocketErrorCode} ({e.Message})."));
            }
            if (addresses.Length == 0)
                throw new ImageImportRefusedException(ImageInputErrors.Download($"DNS lookup of '{host}' found no address."));
        }

        foreach (var address in addresses)
        {
            var verdict = policy.Check(address);
            if (!verdict.Allowed)
            {
                var via = ip is null ? $"'{host}' resolves to a refused address: " : "is refused: ";
                throw new ImageImportRefusedException(ImageInputErrors.NotAllowed($"the image URL's host {via}{verdict.Reason}"));
            }
        }
        return addresses;
    }
}
