using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SdSupervised.IntegrationTests.Api.Image;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.2 (Linux routes all of 127/8 to lo) for the supervisor to download from:
/// each path answers a fixed status, headers and body, and every request it saw is recorded.
/// </summary>
public sealed class LocalImageServer : IAsyncDisposable
{
    public static readonly IPAddress Address = IPAddress.Parse("127.0.0.2");

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, Reply> _routes = new();
    private readonly Task _loop;

    public LocalImageServer()
    {
        _listener = new TcpListener(Address, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = AcceptLoopAsync();
    }

    public int Port { get; }
    public ConcurrentQueue<string> Requests { get; } = new();

    public string Url(string path) => $"http://{Address}:{Port}{path}";

    /// <summary>What <paramref name="path"/> answers. <paramref name="chunked"/> leaves Content-Length out, so only counting catches a large body.</summary>
    public void Serve(string path, int status, byte[] body, string contentType, bool chunked = false, params (string Name, string Value)[] headers) =>
        _routes[path] = new Reply(status, body, contentType, chunked, headers);

    /// <summary><paramref name="path"/> sends headers and a first byte, then nothing more until the server stops.</summary>
    public void Stall(string path) => _routes[path] = new Reply(200, [0x89], "image/png", false, [], Stall: true);

    public void Redirect(string path, string location, int status = 302) =>
        Serve(path, status, [], "text/plain", false, ("Location", location));

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream);
                var target = head.Split(' ') is { Length: >= 2 } parts ? parts[1] : "/";
                Requests.Enqueue(target);
                var reply = _routes.TryGetValue(target, out var r) ? r : new Reply(404, "no such path"u8.ToArray(), "text/plain", false, []);

                var text = new StringBuilder($"HTTP/1.1 {reply.Status} {ReasonPhrase(reply.Status)}\r\nContent-Type: {reply.ContentType}\r\nConnection: close\r\n");
                foreach (var (name, value) in reply.Headers) text.Append($"{name}: {value}\r\n");
                // A stalled reply promises far more than it sends, so the client keeps waiting for the rest.
                var length = reply.Stall ? 8000 : reply.Body.Length;
                text.Append(reply.Chunked ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {length}\r\n");
                text.Append("\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()));
                if (reply.Stall)
                {
                    await stream.WriteAsync(reply.Body);
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }
                else if (reply.Chunked)
                {
                    foreach (var chunk in reply.Body.Chunk(4096))
                    {
                        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{chunk.Length:X}\r\n"));
                        await stream.WriteAsync(chunk);
                        await stream.WriteAsync("\r\n"u8.ToArray());
                    }
                    await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
                }
                else
                {
                    await stream.WriteAsync(reply.Body);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                // The supervisor may hang up early (a body over its limit); that is what some tests want.
            }
        }
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (buffer.Count < 65536 && await stream.ReadAsync(one) == 1)
        {
            buffer.Add(one[0]);
            if (buffer.Count >= 4 && buffer[^1] == '\n' && buffer[^2] == '\r' && buffer[^3] == '\n' && buffer[^4] == '\r') break;
        }
        return Encoding.ASCII.GetString(buffer.ToArray());
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    };

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _loop.WaitAsync(TimeSpan.FromSeconds(5)); } catch (TimeoutException) { }
        _stop.Dispose();
    }

    private sealed record Reply(int Status, byte[] Body, string ContentType, bool Chunked, (string Name, string Value)[] Headers, bool Stall = false);
}
