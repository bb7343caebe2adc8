using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Jobs.Postgres;
using SdSupervised.Tests.Infrastructure.Postgres;

namespace SdSupervised.Tests.Jobs.Store;

/// <summary>
/// The store contract on a real PostgreSQL server (one per test run, a new database per test). Without PostgreSQL's
/// server programs these fail with what to install: scripts/test installs them, so CI never skips the suite.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresJobStoreContractTests(PostgresFixture postgres) : JobStoreContract
{
    private string? _connectionString;

    public override async Task InitializeAsync() =>
        _connectionString = await postgres.Server.CreateDatabaseAsync(CancellationToken.None);

    protected override Task<IJobStore> CreateStoreAsync() =>
        Task.FromResult<IJobStore>(new PostgresJobStore(_connectionString!, NullLogger<PostgresJobStore>.Instance));

    protected override async Task DeleteRowAsync(string id)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("DELETE FROM jobs WHERE id = $1", connection) { Parameters = { new() { Value = id } } };
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
