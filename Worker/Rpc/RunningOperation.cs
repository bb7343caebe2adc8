namespace SdSupervised.Worker.Rpc;

/// <summary>What the worker is doing right now, as seen by PingAsync. Step fields are written by the progress callback.</summary>
public sealed class RunningOperation(string kind, string? jobId)
{
    private int _step;
    private int _steps;

    public string Kind { get; } = kind;
    public string? JobId { get; } = jobId;
    public int Step => Volatile.Read(ref _step);
    public int Steps => Volatile.Read(ref _steps);

    public void Advance(int step, int steps)
    {
        Volatile.Write(ref _steps, steps);
        Volatile.Write(ref _step, step);
    }

    public override string ToString() => JobId is null ? Kind : $"{Kind} of job {JobId}";
}
