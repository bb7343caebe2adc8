using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Jobs.Postgres;
using SdSupervised.Tests.Infrastructure.Postgres;

namespace SdSupervised.Tests.Jobs.Store;

/// <summary>What only the PostgreSQL store does: its schema steps under an advisory lock, and refusing a newer schema.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresJobStoreTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Stores_that_start_together_on_a_new_database_migrate_it_once()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync(CancellationToken.None);
        var stores = Enumerable.Range(0, 8)
            .Select(_ => new PostgresJobStore(connectionString, NullLogger<PostgresJobStore>.Instance))
            .ToList();
        try
        {
            // As supervisors of a cluster do when they start at once: no "relation already exists", one schema row.
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync(CancellationToken.None))));
            var inserted = await Task.WhenAll(stores.Select(s => s.InsertAsync(NewJob(), CancellationToken.None)));

            Assert.Equal(8, inserted.Select(j => j.Sequence).Distinct().Count());
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT COUNT(*), MAX(version) FROM sds_schema", connection);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal((long)PostgresSchema.Version, reader.GetInt64(0));
            Assert.Equal(PostgresSchema.Version, reader.GetInt32(1));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_database_from_a_newer_schema_is_refused_with_what_to_do()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync(CancellationToken.None);
        await using (var store = new PostgresJobStore(connectionString, NullLogger<PostgresJobStore>.Instance))
        {
            await store.InitializeAsync(CancellationToken.None);
        }

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("INSERT INTO sds_schema (version) VALUES (99)", connection);
            await command.ExecuteNonQueryAsync();
        }

        await using var newer = new PostgresJobStore(connectionString, NullLogger<PostgresJobStore>.Instance);
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => newer.InitializeAsync(CancellationToken.None));
        Assert.Contains("99", error.Message);
        Assert.Contains("Upgrade this node", error.Message);
    }

    [Fact]
    public async Task Stored_json_reads_like_the_api_with_snake_case_names()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync(CancellationToken.None);
        await using var store = new PostgresJobStore(connectionString, NullLogger<PostgresJobStore>.Instance);
        await store.InsertAsync(NewJob() with { Parameters = new GenerationParameters { Prompt = "p", CfgScale = 7.5f } }, CancellationToken.None);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT type, status, params_json->>'cfg_scale' FROM jobs", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("text2img", reader.GetString(0));
        Assert.Equal("queued", reader.GetString(1));
        Assert.Equal("7.5", reader.GetString(2));
    }

    private static Job NewJob() => new()
    {
        Id = Job.NewId(),
        Parameters = new GenerationParameters { Prompt = "a cat", Seed = 42 },
        CreatedAt = DateTimeOffset.UnixEpoch,
    };
}
