using System.Net;
using System.Text;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Sdk;

namespace SdSupervised.IntegrationTests.Api.Events;

/// <summary>
/// A real HTTP client reading a text/event-stream line by line (headers first, body as it arrives), with our own
/// parser: a test sees exactly what went over the wire. Everything read is kept for failure messages.
/// </summary>
public sealed class SseStream : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly Func<string> _context;
    private readonly List<SseMessage> _seen = [];
    private bool _ended;

    private SseStream(HttpClient http, HttpResponseMessage response, StreamReader reader, Func<string> context)
    {
        _http = http;
        _response = response;
        _reader = reader;
        _context = context;
    }

    public HttpResponseMessage Response => _response;
    public IReadOnlyList<SseMessage> Seen => _seen;
    public IEnumerable<SseMessage> Events => _seen.Where(m => m.IsEvent);

    /// <summary>Opens <paramref name="target"/>; <paramref name="lastEventId"/> goes in the Last-Event-ID header.</summary>
    public static async Task<SseStream> OpenAsync(SupervisorProcess sup, string target, long? lastEventId = null)
    {
        var http = new HttpClient { BaseAddress = sup.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is { } id) request.Headers.TryAddWithoutValidation("Last-Event-ID", id.ToString());
        using var opening = new CancellationTokenSource(Timeouts.Soon);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, opening.Token);
        var body = await response.Content.ReadAsStreamAsync();
        return new SseStream(http, response, new StreamReader(body, Encoding.UTF8), () => sup.Context());
    }

    /// <summary>The next message, or null once the server has ended the stream.</summary>
    public async Task<SseMessage?> NextAsync(TimeSpan timeout)
    {
        if (_ended) return null;
        using var deadline = new CancellationTokenSource(timeout);
        long? id = null;
        string? type = null, comment = null;
        int? retry = null;
        StringBuilder? data = null;
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw Fail($"no complete SSE message within {timeout.TotalSeconds:F0} s");
            }
            if (line is null)
            {
                _ended = true;
                return null;
            }
            if (line.Length == 0)
            {
                if (id is null && type is null && data is null && comment is null && retry is null) continue;
                var message = new SseMessage(id, type ?? (data is null ? null : "message"), data?.ToString(), comment, retry);
                _seen.Add(message);
                return message;
            }
            if (line.StartsWith(':')) comment = line[1..].TrimStart();
            else
            {
                var colon = line.IndexOf(':');
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? "" : line[(colon + 1)..];
                if (value.StartsWith(' ')) value = value[1..];
                switch (field)
                {
                    case "id": id = long.TryParse(value, out var parsed) ? parsed : throw Fail($"id line '{line}' is not a number"); break;
                    case "event": type = value; break;
                    case "data": data = data is null ? new StringBuilder(value) : data.Append('\n').Append(value); break;
                    case "retry": retry = int.Parse(value); break;
                    default: throw Fail($"unexpected SSE field in line '{line}'");
                }
            }
        }
    }

    /// <summary>The next event (comments and retry hints are recorded and skipped), or null at the end of the stream.</summary>
    public Task<SseMessage?> NextEventAsync(TimeSpan timeout) => NextEventBeforeAsync(Deadline(timeout), timeout);

    /// <summary>Events up to and including the first that satisfies <paramref name="stop"/>, all within one deadline.</summary>
    public async Task<List<SseMessage>> ReadUntilAsync(Func<SseMessage, bool> stop, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Timeouts.Job;
        var deadline = Deadline(limit);
        var events = new List<SseMessage>();
        while (true)
        {
            var next = await NextEventBeforeAsync(deadline, limit) ?? throw Fail($"the stream ended before {what}");
            events.Add(next);
            if (stop(next)) return events;
        }
    }

    /// <summary>Every event until the server ends the stream, within one deadline.</summary>
    public async Task<List<SseMessage>> ReadToEndAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? Timeouts.Job;
        var deadline = Deadline(limit);
        var events = new List<SseMessage>();
        while (await NextEventBeforeAsync(deadline, limit) is { } next)
            events.Add(next);
        return events;
    }

    private static DateTime Deadline(TimeSpan timeout) => DateTime.UtcNow + timeout;

    /// <summary>Heartbeat comments keep a stream busy: the deadline is for the whole wait, not per message.</summary>
    private async Task<SseMessage?> NextEventBeforeAsync(DateTime deadline, TimeSpan limit)
    {
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw Fail($"no expected event within {limit.TotalSeconds:F0} s");
            var message = await NextAsync(left);
            if (message is null || message.IsEvent) return message;
        }
    }

    public XunitException Fail(string message) =>
        new($"{message}\nstream {_response.RequestMessage?.RequestUri} ({(int)_response.StatusCode}) so far:\n  " +
            string.Join("\n  ", _seen.TakeLast(60)) + $"\n{_context()}");

    public void Expect(bool condition, string message)
    {
        if (!condition) throw Fail(message);
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
