using SdSupervised.Contracts;
using SdSupervised.Worker.Native;

namespace SdSupervised.Worker.Engines.Native;

/// <summary>
/// Where the library's callbacks land. Log text goes to stderr unchanged, line by line and flushed, so the
/// supervisor's classifier sees <c>CUDA error</c> and friends even if the process dies right after; warnings
/// and errors are also kept for the failure message of the call that produced them. Both callbacks are
/// forwarded to the listener of the native call in progress, if any.
/// </summary>
public sealed class NativeEventHub(Action<IReadOnlyList<string>> writeLines, SdLogLevel minimumLevel = SdLogLevel.Info) : INativeCallbackSink
{
    /// <summary>How many warning/error lines a failure message quotes at most.</summary>
    public const int KeptProblems = 6;

    private readonly object _gate = new();
    private readonly Queue<string> _problems = new();
    private volatile INativeListener? _listener;

    public void OnLog(SdLogLevel level, string text)
    {
        var lines = SplitLines(text);
        if (level >= minimumLevel && lines.Count > 0)
            writeLines(lines);

        if (level >= SdLogLevel.Warn)
        {
            lock (_gate)
            {
                foreach (var line in lines)
                {
                    if (line.Trim().Length == 0)
                        continue;
                    _problems.Enqueue(line.Trim());
                    while (_problems.Count > KeptProblems)
                        _problems.Dequeue();
                }
            }
        }

        _listener?.OnLog(level, text);
    }

    public void OnProgress(int step, int steps, float seconds) => _listener?.OnProgress(step, steps, seconds);

    public void OnPreview(int step, RawImage image) => _listener?.OnPreview(step, image);

    /// <summary>
    /// Starts a native call: forgets earlier problems and routes callbacks to <paramref name="listener"/> until
    /// the returned scope is disposed. Calls do not overlap (the RPC service runs one operation at a time).
    /// </summary>
    public IDisposable Begin(INativeListener? listener)
    {
        lock (_gate)
            _problems.Clear();
        _listener = listener;
        return new Scope(this, listener);
    }

    /// <summary>The warning and error lines logged since <see cref="Begin"/>, oldest first, joined for one message; null when none.</summary>
    public string? RecentProblems()
    {
        lock (_gate)
            return _problems.Count == 0 ? null : string.Join(" | ", _problems);
    }

    /// <summary>"a\nb\n" is two lines; a final newline does not make an empty third one.</summary>
    private static List<string> SplitLines(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
            lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    private sealed class Scope(NativeEventHub hub, INativeListener? listener) : IDisposable
    {
        public void Dispose()
        {
            if (ReferenceEquals(hub._listener, listener))
                hub._listener = null;
        }
    }
}
