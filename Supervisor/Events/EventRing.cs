namespace SdSupervised.Supervisor.Events;

/// <summary>
/// The last <c>capacity</c> events, oldest first. Ids are consecutive (the journal stores every id it hands out),
/// so finding where a resume starts is arithmetic, not a search. Not thread-safe: the journal locks around it.
/// </summary>
public sealed class EventRing(int capacity)
{
    private readonly ServerEvent[] _items = new ServerEvent[capacity];
    private int _start;

    public int Count { get; private set; }

    public int Capacity => _items.Length;

    public ServerEvent? Oldest => Count == 0 ? null : _items[_start];

    public ServerEvent? Newest => Count == 0 ? null : At(Count - 1);

    public void Add(ServerEvent item)
    {
        if (Count < _items.Length)
        {
            _items[(_start + Count) % _items.Length] = item;
            Count++;
            return;
        }
        _items[_start] = item;
        _start = (_start + 1) % _items.Length;
    }

    /// <summary>Retained events with an id above <paramref name="afterId"/>, of one job when <paramref name="jobId"/> is given.</summary>
    public List<ServerEvent> After(long afterId, string? jobId)
    {
        var result = new List<ServerEvent>();
        if (Oldest is not { } oldest)
            return result;
        var first = afterId < oldest.Id ? 0 : afterId - oldest.Id + 1;
        for (var i = first; i < Count; i++)
        {
            var item = At((int)i);
            if (jobId is null || item.JobId == jobId)
                result.Add(item);
        }
        return result;
    }

    /// <summary>The newest retained event of <paramref name="jobId"/> that matches <paramref name="match"/>.</summary>
    public ServerEvent? FindLast(string jobId, Func<ServerEvent, bool> match)
    {
        for (var i = Count - 1; i >= 0; i--)
        {
            var item = At(i);
            if (item.JobId == jobId && match(item))
                return item;
        }
        return null;
    }

    private ServerEvent At(int index) => _items[(_start + index) % _items.Length];
}
