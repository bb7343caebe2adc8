using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Configuration;

/// <summary>Which database holds the job queue (<c>Sds:Store</c>, <c>--store</c>).</summary>
public sealed class StoreOptions
{
    /// <summary>
    /// <see cref="StoreKind.Sqlite"/> (the default): one file in the data directory, one supervisor.
    /// <see cref="StoreKind.Postgres"/>: a PostgreSQL database named by <see cref="ConnectionString"/>.
    /// </summary>
    public StoreKind Kind { get; set; } = StoreKind.Sqlite;

    /// <summary>An Npgsql connection string (<c>Host=db;Database=sds;Username=sds;Password=…</c>); PostgreSQL only.</summary>
    public string? ConnectionString { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<StoreKind>))]
public enum StoreKind
{
    Sqlite,
    Postgres,
}
