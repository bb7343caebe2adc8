using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SdSupervised.IntegrationTests.Infrastructure;

/// <summary>
/// HTTP/1.1 over a bare socket, so a request target goes out byte for byte: HttpClient (System.Uri)
/// would collapse <c>../</c> segments before the server ever saw them, hiding a traversal bug.
/// </summary>
public static class RawHttp
{
    public static async Task<ApiResponse> GetAsync(int port, string rawTarget, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
        await using var stream = client.GetStream();
        var request = $"GET {rawTarget} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: */*\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cts.Token);

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cts.Token);
        return Parse(rawTarget, buffer.ToArray());
    }

    private static ApiResponse Parse(string target, byte[] raw)
    {
        var headerEnd = IndexOf(raw, "\r\n\r\n"u8.ToArray());
        if (headerEnd < 0) throw new IOException($"no HTTP header in {raw.Length} bytes: {Encoding.ASCII.GetString(raw)}");
        var head = Encoding.ASCII.GetString(raw, 0, headerEnd).Split("\r\n");
        var statusParts = head[0].Split(' ', 3);
        var status = (HttpStatusCode)int.Parse(statusParts[1]);
        var headers = head.Skip(1)
            .Select(h => h.Split(':', 2))
            .Where(h => h.Length == 2)
            .GroupBy(h => h[0].Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last()[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = raw[(headerEnd + 4)..];
        if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            body = Dechunk(body);
        headers.TryGetValue("Content-Type", out var contentType);
        return new ApiResponse("GET(raw)", target, null, status, contentType, body);
    }

    private static byte[] Dechunk(byte[] body)
    {
        using var output = new MemoryStream();
        var pos = 0;
        while (pos < body.Length)
        {
            var lineEnd = IndexOf(body, "\r\n"u8.ToArray(), pos);
            if (lineEnd < 0) break;
            var sizeText = Encoding.ASCII.GetString(body, pos, lineEnd - pos).Split(';')[0].Trim();
            var size = Convert.ToInt32(sizeText, 16);
            if (size == 0) break;
            output.Write(body, lineEnd + 2, Math.Min(size, body.Length - lineEnd - 2));
            pos = lineEnd + 2 + size + 2;
        }
        return output.ToArray();
    }

    private static int IndexOf(byte[] haystack, byte[] needle, int start = 0)
    {
        for (var i = start; i <= haystack.Length - needle.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        return -1;
    }
}
