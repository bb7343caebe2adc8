namespace SdSupervised.Supervisor.Models;

/// <summary>What one scan of the models directory did.</summary>
public sealed record ScanStats
{
    public DateTimeOffset At { get; init; }
    public TimeSpan Duration { get; init; }
    public bool DirectoryExists { get; init; }
    public int Files { get; init; }
    /// <summary>Headers actually read (new or changed files); the rest came from the cache.</summary>
    public int HeadersRead { get; init; }
    public int FromCache { get; init; }
    public int Invalid { get; init; }
    /// <summary>Paths not listed, with why (a symlink out of the models directory, a dangling link, an unreadable folder).</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];
}
