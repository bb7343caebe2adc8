namespace SdSupervised.Supervisor.Models;

/// <summary>A hash request's state: done (maybe from the cache), failed, or running with bytes done so far.</summary>
public sealed record HashProgress(ModelHash? Result, bool Cached, long BytesDone, long BytesTotal, string? Error)
{
    public bool Done => Result is not null || Error is not null;
}
