using System.Net.Sockets;
using Npgsql;

namespace SdSupervised.Supervisor.Storage;

/// <summary>
/// Recognises "the job store's database cannot be reached" (PostgreSQL down, restarting, or cut off): the API answers
/// 503 <c>store_unavailable</c> with Retry-After instead of 500, since the same request succeeds once it is back.
/// </summary>
public static class StoreUnavailable
{
    public const string ErrorCode = "store_unavailable";

    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Class 08: connection exceptions; 57P01-57P03: the server is shutting down or starting.
                case PostgresException postgres when postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                                                     || postgres.SqlState is "57P01" or "57P02" or "57P03":
                    return true;
                case NpgsqlException { InnerException: SocketException or IOException or TimeoutException }:
                    return true;
                case NpgsqlException npgsql when npgsql.IsTransient && e is not PostgresException:
                    return true;
            }
        }

        return false;
    }
}
