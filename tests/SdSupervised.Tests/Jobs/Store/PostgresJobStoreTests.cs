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
    public async Task A_version_2_database_gets_each_rows_request_kind_as_text_and_reads_every_kind_back()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync(CancellationToken.None);
        await using (var store = new PostgresJobStore(connectionString, NullLogger<PostgresJobStore>.Instance))
        {
            await store.InsertAsync(NewJob() with { Id = "t2i" }, CancellationToken.None);
            await store.InsertAsync(NewJob() with { Id = "up", Type = JobType.Upscale, Request = new UpscaleParameters { Image = "s.png" } }, CancellationToken.None);
            await store.InsertAsync(NewJob() with { Id = "vid", Type = JobType.Video, Request = new VideoParameters { Model = "wan" } }, CancellationToken.None);
        }
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            // Back to version 2 as the builds before the request hierarchy left it: rows without kind (a NUL escape kept as text).
            // The request kind is the last step, so deleting the newest schema row re-runs just that step.
            await using var command = new NpgsqlCommand(
                $$"""
                UPDATE jobs SET params_json = '{"prompt":"nul \u0000 kept","steps":7}' WHERE id = 't2i';
                UPDATE jobs SET params_json = '{"image":"s.png","source_width":64}' WHERE id = 'up';
                UPDATE jobs SET params_json = '{}' WHERE id = 'vid';
                DELETE FROM sds_schema WHERE version = {{PostgresSchema.Version}};
                """, connection);
            await command.ExecuteNonQueryAsync();
        }

        await using var upgraded = new PostgresJobStore(connectionString, NullLogger<PostgresJobStore>.Instance);
        var t2i = Assert.IsType<GenerationParameters>((await upgraded.GetAsync("t2i", CancellationToken.None))!.Request);
        Assert.Equal(("nul \0 kept", 7), (t2i.Prompt, t2i.Steps));
        Assert.Equal(64, Assert.IsType<UpscaleParameters>((await upgraded.GetAsync("up", CancellationToken.None))!.Request).SourceWidth);
        Assert.Equal(33, Assert.IsType<VideoParameters>((await upgraded.GetAsync("vid", CancellationToken.None))!.Request).VideoFrames);

        await using var check = new NpgsqlConnection(connectionString);
        await check.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT params_json::text FROM jobs WHERE id = 't2i'", check);
        Assert.Equal("""{"kind":"image","prompt":"nul \u0000 kept","steps":7}""", (string?)await read.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Stored_json_reads_like_the_api_with_snake_case_names()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync(CancellationToken.None);
        await using var store = new PostgresJobStore(connectionString, NullLogger<PostgresJobStore>.Instance);
        await store.InsertAsync(NewJob() with { Request = new GenerationParameters { Prompt = "p", CfgScale = 7.5f } }, CancellationToken.None);

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
        Request = new GenerationParameters { Prompt = "a cat", Seed = 42 },
        CreatedAt = DateTimeOffset.UnixEpoch,
    };
}
