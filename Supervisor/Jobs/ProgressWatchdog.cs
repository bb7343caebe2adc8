namespace SdSupervised.Supervisor.Jobs;

/// <summary>Remembers when a worker last made progress and says when it has been silent for too long.</summary>
public sealed class ProgressWatchdog(TimeProvider time)
{
    private readonly Lock _lock = new();
    private DateTimeOffset _lastProgress;
    private TimeSpan? _limit;
    private string _activity = "";
    private string _position = "";

    public void Start(TimeSpan limit, string activity)
    {
        lock (_lock)
        {
            _limit = limit;
            _activity = activity;
            _position = "";
            _lastProgress = time.GetUtcNow();
        }
    }

    public void Stop()
    {
        lock (_lock)
            _limit = null;
    }

    public void Touch(string position)
    {
        lock (_lock)
        {
            _lastProgress = time.GetUtcNow();
            _position = position;
        }
    }

    /// <summary>A message describing the stall, or null while progress is recent enough.</summary>
    public string? Stalled(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_limit is not { } limit || now - _lastProgress < limit)
                return null;
            var where = _position.Length > 0 ? $" (last progress: {_position})" : " (no progress reported yet)";
            return $"no progress for {limit.TotalSeconds:0} s while {_activity}{where}";
        }
    }
}
