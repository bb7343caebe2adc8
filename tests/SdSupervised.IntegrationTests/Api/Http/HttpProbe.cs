using System.Net.Sockets;
using System.Text;

namespace SdSupervised.IntegrationTests.Api.Http;

/// <summary>Requests with headers the harness's ApiClient does not set or show (Origin, X-Request-Id, chunked bodies).</summary>
public static class HttpProbe
{
    public static async Task<HttpExchange> SendAsync(Uri baseAddress, HttpMethod method, string target,
        IReadOnlyDictionary<string, string>? headers = null, HttpContent? content = null)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(method, target) { Content = content };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            request.Headers.TryAddWithoutValidation(name, value);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var all = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var shownHeaders = string.Join(" ", (headers ?? new Dictionary<string, string>()).Select(h => $"[{h.Key}: {h.Value}]"));
        return new HttpExchange($"{method} {target} {shownHeaders}".TrimEnd(), (int)response.StatusCode, all, body);
    }

    /// <summary>
    /// A POST whose body goes out with <c>Transfer-Encoding: chunked</c> and no <c>Content-Length</c>, byte for byte
    /// over a socket, so the server cannot know the size before it reads.
    /// </summary>
    public static async Task<HttpExchange> PostChunkedAsync(int port, string target, byte[] body, string contentType = "application/json", int chunkSize = 1024)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port, cts.Token);
        await using var stream = client.GetStream();
        var head = $"POST {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: {contentType}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cts.Token);
        try
        {
            for (var offset = 0; offset < body.Length; offset += chunkSize)
            {
                var size = Math.Min(chunkSize, body.Length - offset);
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"{size:X}\r\n"), cts.Token);
                await stream.WriteAsync(body.AsMemory(offset, size), cts.Token);
                await stream.WriteAsync("\r\n"u8.ToArray(), cts.Token);
            }
            await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), cts.Token);
        }
        catch (IOException)
        {
            // The server may answer 413 and stop reading before the last chunk; its answer is what counts.
        }

        using var buffer = new MemoryStream();
        try { await stream.CopyToAsync(buffer, cts.Token); }
        catch (IOException) when (buffer.Length > 0) { /* reset after the answer arrived */ }
        return Parse($"POST {target} (chunked, {body.Length} bytes)", buffer.ToArray());
    }

    private static HttpExchange Parse(string request, byte[] raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headerEnd < 0) throw new IOException($"no HTTP answer to {request}: {text}");
        var lines = text[..headerEnd].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1]);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(",", g.Select(p => p[1].Trim())), StringComparer.OrdinalIgnoreCase);
        var body = text[(headerEnd + 4)..];
        if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            body = Dechunk(body);
        return new HttpExchange(request, status, headers, body);
    }

    private static string Dechunk(string body)
    {
        var sb = new StringBuilder();
        var pos = 0;
        while (pos < body.Length)
        {
            var lineEnd = body.IndexOf("\r\n", pos, StringComparison.Ordinal);
            if (lineEnd < 0) break;
            var size = Convert.ToInt32(body[pos..lineEnd].Split(';')[0].Trim(), 16);
            if (size == 0) break;
            sb.Append(body, lineEnd + 2, Math.Min(size, body.Length - lineEnd - 2));
            pos = lineEnd + 2 + size + 2;
        }
        return sb.ToString();
    }
}
