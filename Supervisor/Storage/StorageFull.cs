using Microsoft.Data.Sqlite;
using Npgsql;

namespace SdSupervised.Supervisor.Storage;

/// <summary>
/// Recognises "the disk is full" in an exception, whichever layer raised it (SQLite, a file write, or a job's
/// <see cref="Outputs.StorageException"/> wrapping one), for the API's 507.
/// </summary>
public static class StorageFull
{
    /// <summary>SQLITE_FULL: "database or disk is full".</summary>
    public const int SqliteFullCode = 13;

    /// <summary>PostgreSQL's SQLSTATE disk_full (class 53, insufficient resources): the database server's disk.</summary>
    public const string PostgresDiskFull = PostgresErrorCodes.DiskFull;

    // .NET on Unix puts the raw errno in IOException.HResult for errors it has no own exception type for.
    private const int ENOSPC = Outputs.StorageException.NoSpaceErrno;
    private const int EDQUOT = 122;
    // On Windows: HRESULT_FROM_WIN32(ERROR_HANDLE_DISK_FULL / ERROR_DISK_FULL).
    private const int HandleDiskFull = unchecked((int)0x80070027);
    private const int DiskFull = unchecked((int)0x80070070);

    /// <summary>True when <paramref name="exception"/> or one it wraps says the file system (or the user's quota) is full.</summary>
    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: SqliteFullCode }:
                    return true;
                case PostgresException { SqlState: PostgresDiskFull }:
                    return true;
                case IOException io when io.HResult is ENOSPC or EDQUOT or HandleDiskFull or DiskFull:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(Is):
                    return true;
            }
        }
        return false;
    }

    /// <summary>What failed, in words for the log and the degraded reason (never a stack trace).</summary>
    public static string Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException sqlite)
                return $"the job store could not be written (SQLite error {sqlite.SqliteErrorCode}: database or disk is full)";
            if (e is PostgresException postgres)
                return $"the job store could not be written (PostgreSQL {postgres.SqlState}: {postgres.MessageText})";
            if (e is IOException)
                return e.Message;
        }
        return exception.Message;
    }
}
