using System.Net;
using System.Net.Sockets;

namespace SdSupervised.IntegrationTests.Infrastructure;

/// <summary>
/// A tiny OTLP/HTTP collector on 127.0.0.1: keeps the body of every <c>POST /v1/traces</c> and answers 200. Bodies are
/// protobuf; strings and ids appear in them as raw bytes, which is all the tests look for, so no decoder is needed.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<byte[]> _bodies = [];
    private readonly Task _loop;

    private OtlpReceiver(int port)
    {
        TracesUrl = $"http://127.0.0.1:{port}/v1/traces";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string TracesUrl { get; }

    public static OtlpReceiver Start()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new OtlpReceiver(port);
    }

    public IReadOnlyList<byte[]> Bodies
    {
        get
        {
            lock (_bodies)
                return [.. _bodies];
        }
    }

    /// <summary>
    /// Waits until the exports that name <paramref name="service"/>, joined, match: a batch exporter may split one
    /// trace's spans over several exports (a timer tick between the last stage ending and the job span ending).
    /// </summary>
    public async Task<byte[]> WaitForServiceAsync(string service, Func<byte[], bool> match, TimeSpan timeout, string what)
    {
        var name = System.Text.Encoding.UTF8.GetBytes(service);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var joined = Bodies.Where(b => b.AsSpan().IndexOf(name) >= 0).SelectMany(b => b).ToArray();
            if (match(joined))
                return joined;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"the collector received no exports from {service} with {what} within {timeout.TotalSeconds:0} s ({Bodies.Count} export(s) received)");
            await Task.Delay(100);
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (context.Request.HttpMethod == "POST" && context.Request.Url?.AbsolutePath == "/v1/traces")
            {
                lock (_bodies)
                    _bodies.Add(body.ToArray());
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
            }
            else
            {
                context.Response.StatusCode = 404;
            }
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
