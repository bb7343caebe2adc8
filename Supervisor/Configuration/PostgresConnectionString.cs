using Npgsql;

namespace SdSupervised.Supervisor.Configuration;

/// <summary>Checks a connection string's syntax at start, so a typo is one clear line rather than a failure at the first job.</summary>
public static class PostgresConnectionString
{
    public static bool TryValidate(string connectionString, out string? error)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            error = string.IsNullOrWhiteSpace(builder.Host) ? "it names no Host" : null;
        }
        catch (ArgumentException e)
        {
            error = e.Message;
        }

        return error is null;
    }

    /// <summary>The connection string without its password, for logs and /api/status.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
