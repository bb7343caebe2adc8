using Npgsql;

namespace SdSupervised.Tests.Infrastructure.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresServerTests(PostgresFixture postgres)
{
    [PostgresFact]
    public async Task Each_database_made_for_a_test_is_empty_and_separate()
    {
        var first = await postgres.Server.CreateDatabaseAsync(CancellationToken.None);
        var second = await postgres.Server.CreateDatabaseAsync(CancellationToken.None);
        Assert.NotEqual(first, second);

        await using (var connection = new NpgsqlConnection(first))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE marker (x int)", connection);
            await create.ExecuteNonQueryAsync();
        }

        await using var other = new NpgsqlConnection(second);
        await other.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE tablename = 'marker'", other);
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }
}
