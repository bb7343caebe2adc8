using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Tests.Jobs.Store;

/// <summary>The store contract on SQLite: one file in a temporary directory per test.</summary>
public sealed class SqliteJobStoreContractTests : JobStoreContract
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sds-contract-" + Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_directory, "jobs.db");

    protected override Task<IJobStore> CreateStoreAsync() =>
        Task.FromResult<IJobStore>(new SqliteJobStore(DatabasePath, NullLogger<SqliteJobStore>.Instance));

    protected override async Task DeleteRowAsync(string id)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM jobs WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
