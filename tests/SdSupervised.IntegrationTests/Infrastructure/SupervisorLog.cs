using System.Diagnostics;
using System.Text;

namespace SdSupervised.IntegrationTests.Infrastructure;

/// <summary>Thread-safe capture of the supervisor's stdout and stderr, across restarts.</summary>
public sealed class SupervisorLog
{
    private readonly object _gate = new();
    private readonly List<string> _lines = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public void Add(string stream, string? line)
    {
        if (line is null) return;
        var stamped = $"[{_clock.Elapsed.TotalSeconds,7:F3}s {stream}] {line}";
        lock (_gate) _lines.Add(stamped);
    }

    /// <summary>A line from the harness itself, so the log reads as one timeline with what the test did.</summary>
    public void Note(string message) => Add("test", message);

    public IReadOnlyList<string> Snapshot()
    {
        lock (_gate) return _lines.ToArray();
    }

    public bool Contains(string text) => Snapshot().Any(l => l.Contains(text, StringComparison.OrdinalIgnoreCase));

    public string Tail(int count = 60)
    {
        var lines = Snapshot();
        var sb = new StringBuilder();
        sb.AppendLine($"--- supervisor log, last {Math.Min(count, lines.Count)} of {lines.Count} lines ---");
        foreach (var line in lines.Skip(Math.Max(0, lines.Count - count))) sb.AppendLine(line);
        return sb.ToString();
    }
}
