using SdSupervised.Supervisor.Outputs;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>The supervisor's own I/O during an attempt (reading a job's inputs), charged as a storage failure of the job, never as the worker's.</summary>
internal static class SupervisorIo
{
    /// <summary>Runs <paramref name="io"/>; a disk or file-system error becomes a <see cref="StorageException"/> saying what was being done.</summary>
    public static async Task<T> OwnAsync<T>(Func<Task<T>> io, string doing)
    {
        try
        {
            return await io();
        }
        catch (Exception ex) when (ex is not OperationCanceledException && StorageException.TryWrap(ex, doing, out var storage))
        {
            throw storage;
        }
    }
}
