namespace SdSupervised.Worker.Logging;

/// <summary>
/// The worker's own log: plain single lines (<c>info: ...</c>) on stderr. The supervisor turns them into
/// Serilog events tagged with the worker id, so no timestamps or structure here.
/// </summary>
public sealed class WorkerLog
{
    private readonly Action<string> _write;

    /// <summary>Writes to the raw stderr writer.</summary>
    public WorkerLog()
        : this(StandardError.WriteLine)
    {
    }

    /// <summary>Writes each line to <paramref name="write"/> (tests collect them).</summary>
    public WorkerLog(Action<string> write)
    {
        _write = write;
    }

    public void Info(string message) => Write("info", message);

    public void Warn(string message) => Write("warn", message);

    public void Error(string message) => Write("error", message);

    private void Write(string level, string message)
    {
        // One event, one line: a multi-line message would be split into unrelated events downstream.
        var line = message.Contains('\n') ? message.ReplaceLineEndings(" | ") : message;
        _write($"{level}: {line}");
    }
}
