namespace SdSupervised.Tests.Events;

/// <summary>One parsed SSE message (comments are kept separately, as "comment").</summary>
internal sealed record SseMessage(long? Id, string? Event, string? Data, string? Comment, int? Retry);

/// <summary>A small parser for what <see cref="SdSupervised.Supervisor.Events.SseWriter"/> writes.</summary>
internal static class SseText
{
    public static List<SseMessage> Parse(string text)
    {
        var messages = new List<SseMessage>();
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            long? id = null;
            string? type = null, data = null, comment = null;
            int? retry = null;
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith(": ", StringComparison.Ordinal)) comment = line[2..];
                else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = long.Parse(line[4..]);
                else if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = data is null ? line[6..] : data + "\n" + line[6..];
                else if (line.StartsWith("retry: ", StringComparison.Ordinal)) retry = int.Parse(line[7..]);
                else throw new Xunit.Sdk.XunitException($"not an SSE line: '{line}'");
            }
            messages.Add(new SseMessage(id, type, data, comment, retry));
        }
        return messages;
    }

    public static List<SseMessage> Events(string text) => Parse(text).Where(m => m.Event is not null).ToList();
}
