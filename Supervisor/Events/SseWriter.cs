using System.Text;

namespace SdSupervised.Supervisor.Events;

/// <summary>
/// Writes the text/event-stream format (WHATWG HTML, "Server-sent events") to a stream, flushing after each
/// message so it leaves the server at once instead of waiting in a buffer.
/// </summary>
public sealed class SseWriter(Stream body)
{
    private readonly StringBuilder _message = new();

    public Task WriteRetryAsync(int milliseconds, CancellationToken cancellationToken) =>
        SendAsync(_message.Clear().Append("retry: ").Append(milliseconds).Append("\n\n"), cancellationToken);

    public Task WriteCommentAsync(string text, CancellationToken cancellationToken) =>
        SendAsync(_message.Clear().Append(": ").Append(text).Append("\n\n"), cancellationToken);

    /// <summary>An event; one with id 0 goes out without <c>id:</c>, so it does not move the client's Last-Event-ID.</summary>
    public Task WriteEventAsync(ServerEvent item, CancellationToken cancellationToken) =>
        WriteEventAsync(item.Id, item.Type, item.Data, cancellationToken);

    public Task WriteEventAsync(long id, string type, string data, CancellationToken cancellationToken)
    {
        _message.Clear();
        if (id > 0)
            _message.Append("id: ").Append(id).Append('\n');
        _message.Append("event: ").Append(type).Append('\n');
        // Compact JSON has no raw line breaks, but a data line must never carry one: split defensively.
        foreach (var line in data.ReplaceLineEndings("\n").Split('\n'))
            _message.Append("data: ").Append(line).Append('\n');
        _message.Append('\n');
        return SendAsync(_message, cancellationToken);
    }

    private async Task SendAsync(StringBuilder message, CancellationToken cancellationToken)
    {
        await body.WriteAsync(Encoding.UTF8.GetBytes(message.ToString()), cancellationToken);
        await body.FlushAsync(cancellationToken);
    }
}
