namespace SdSupervised.Supervisor.Workers;

/// <summary>The last N output lines of a worker, kept for failure classification and /api/status.</summary>
public sealed class LogRingBuffer(int capacity)
{
    private readonly Queue<string> _lines = new(capacity);
    private readonly Lock _lock = new();

    public void Add(string line)
    {
        lock (_lock)
        {
            if (_lines.Count == capacity)
                _lines.Dequeue();
            _lines.Enqueue(line);
        }
    }

    public IReadOnlyList<string> Snapshot()
    {
        lock (_lock)
            return [.. _lines];
    }
}
