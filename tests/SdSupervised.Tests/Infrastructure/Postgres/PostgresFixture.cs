namespace SdSupervised.Tests.Infrastructure.Postgres;

/// <summary>One PostgreSQL server for every test in the collection (each test makes its own database in it).</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException(PostgresBinaries.MissingReason);

    public async Task InitializeAsync()
    {
        if (PostgresBinaries.Find() is { } binaries)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            _server = await PostgresServer.StartAsync(binaries, timeout.Token);
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}

/// <summary>A test that needs PostgreSQL's server programs; shown as skipped, with what to install, when they are missing.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresBinaries.Find() is null)
        {
            Skip = PostgresBinaries.MissingReason;
        }
    }
}
