using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Tests.Jobs;

/// <summary>
/// The group-commit loop on a real SQLite file. A "gate" write holds the loop inside a batch, so the writes asked for
/// meanwhile are known to wait together for the next batch: the tests assert what the loop does with them, never how
/// long anything takes.
/// </summary>
public sealed class SqliteWriteBatcherTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sds-batcher-" + Guid.NewGuid().ToString("N"));
    private SqliteConnection _connection = null!;
    private SqliteWriteBatcher _batcher = null!;
    private int _connectionFailures;

    private string DatabasePath => Path.Combine(_directory, "t.db");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await _connection.OpenAsync();
        await ExecuteAsync(_connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);");
        _batcher = new SqliteWriteBatcher(ct => _connectionFailures-- > 0
            ? Task.FromException<SqliteConnection>(new IOException("cannot open the write connection"))
            : Task.FromResult(_connection), NullLogger.Instance);
    }

    public async Task DisposeAsync()
    {
        await _batcher.DisposeAsync();
        await _connection.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Writes_asked_for_while_a_batch_commits_land_together_in_the_next_transaction()
    {
        var gate = await HoldLoopAsync();

        var writes = Enumerable.Range(0, 100).Select(i => _batcher.WriteAsync(Insert($"row {i}"), CancellationToken.None)).ToList();
        gate.Release();
        await Task.WhenAll(writes).WaitAsync(Bound);

        Assert.Equal(101, await CountAsync());
        Assert.Equal(2, _batcher.Commits); // the gate's batch, then all 100 in one transaction
    }

    [Fact]
    public async Task Many_concurrent_writers_commit_in_fewer_transactions_than_writes()
    {
        var writes = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(() => _batcher.WriteAsync(Insert($"row {i}"), CancellationToken.None))));

        Assert.Equal(400, writes.Distinct().Count());
        Assert.Equal(400, await CountAsync());
        Assert.True(_batcher.Commits < 400, $"{_batcher.Commits} transactions for 400 concurrent writes");
    }

    [Fact]
    public async Task Writes_run_in_the_order_they_were_asked_for()
    {
        var gate = await HoldLoopAsync();

        var writes = Enumerable.Range(0, 50).Select(i => _batcher.WriteAsync(Insert($"row {i}"), CancellationToken.None)).ToList();
        gate.Release();
        var ids = await Task.WhenAll(writes).WaitAsync(Bound);

        Assert.Equal(ids.Order(), ids);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"row {i}").Prepend("gate"), await NamesAsync());
    }

    [Fact]
    public async Task A_failing_write_fails_only_its_caller_with_its_own_exception()
    {
        await _batcher.WriteAsync(Insert("taken"), CancellationToken.None);
        var gate = await HoldLoopAsync();

        var before = _batcher.WriteAsync(Insert("before"), CancellationToken.None);
        var duplicate = _batcher.WriteAsync(Insert("taken"), CancellationToken.None);
        var after = _batcher.WriteAsync(Insert("after"), CancellationToken.None);
        gate.Release();

        await before.WaitAsync(Bound);
        await after.WaitAsync(Bound);
        var error = await Assert.ThrowsAsync<SqliteException>(() => duplicate.WaitAsync(Bound));
        Assert.Contains("UNIQUE", error.Message);
        Assert.Equal(["taken", "gate", "before", "after"], await NamesAsync());
    }

    [Fact]
    public async Task A_write_that_throws_fails_its_caller_and_the_loop_goes_on()
    {
        var failing = _batcher.WriteAsync<long>((_, _) => throw new InvalidOperationException("a bug in one write"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.WaitAsync(Bound));
        Assert.Equal("a bug in one write", error.Message);
        await _batcher.WriteAsync(Insert("next"), CancellationToken.None).WaitAsync(Bound);
        Assert.Equal(["next"], await NamesAsync());
    }

    [Fact]
    public async Task A_connection_that_cannot_open_fails_that_batch_and_the_next_batch_is_written()
    {
        _connectionFailures = 1;

        var error = await Assert.ThrowsAsync<IOException>(() => _batcher.WriteAsync(Insert("lost"), CancellationToken.None).WaitAsync(Bound));
        Assert.Equal("cannot open the write connection", error.Message);
        await _batcher.WriteAsync(Insert("kept"), CancellationToken.None).WaitAsync(Bound);
        Assert.Equal(["kept"], await NamesAsync());
    }

    [Fact]
    public async Task A_write_completes_only_once_its_batch_is_committed()
    {
        var first = await HoldLoopAsync();
        var early = _batcher.WriteAsync(Insert("early"), CancellationToken.None);
        var second = new Gate("late");
        var late = _batcher.WriteAsync(second.Write, CancellationToken.None);
        first.Release();

        await second.Started.WaitAsync(Bound);
        // "early" has run inside the open transaction that "late" now holds, but it is not committed yet.
        Assert.False(early.IsCompleted);
        await using (var reader = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await reader.OpenAsync();
            Assert.DoesNotContain("early", await NamesAsync(reader));
        }
        second.Release();

        await Task.WhenAll(early, late).WaitAsync(Bound);
        Assert.Equal(["gate", "early", "late"], await NamesAsync());
    }

    [Fact]
    public async Task A_caller_that_cancels_before_its_batch_is_taken_never_writes()
    {
        var gate = await HoldLoopAsync();
        using var cancel = new CancellationTokenSource();
        var cancelled = _batcher.WriteAsync(Insert("cancelled"), cancel.Token);
        var kept = _batcher.WriteAsync(Insert("kept"), CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Bound));
        gate.Release();

        await kept.WaitAsync(Bound);
        Assert.Equal(["gate", "kept"], await NamesAsync());
    }

    [Fact]
    public async Task A_caller_that_cancels_after_its_write_was_taken_gets_the_committed_result()
    {
        using var cancel = new CancellationTokenSource();
        var gate = new Gate();
        var write = _batcher.WriteAsync(gate.Write, cancel.Token);
        await gate.Started.WaitAsync(Bound);

        await cancel.CancelAsync();
        gate.Release();

        Assert.True(await write.WaitAsync(Bound) > 0);
        Assert.Equal(["gate"], await NamesAsync());
    }

    [Fact]
    public async Task An_already_cancelled_token_writes_nothing()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _batcher.WriteAsync(Insert("never"), new CancellationToken(canceled: true)));

        await _batcher.WriteAsync(Insert("next"), CancellationToken.None);
        Assert.Equal(["next"], await NamesAsync());
    }

    [Fact]
    public async Task Dispose_commits_the_writes_already_asked_for_and_refuses_later_ones()
    {
        var gate = await HoldLoopAsync();
        var pending = _batcher.WriteAsync(Insert("pending"), CancellationToken.None);

        var disposing = _batcher.DisposeAsync().AsTask();
        var refused = _batcher.WriteAsync(Insert("refused"), CancellationToken.None);
        gate.Release();
        await disposing.WaitAsync(Bound);

        await pending;
        await Assert.ThrowsAsync<ObjectDisposedException>(() => refused);
        Assert.Equal(["gate", "pending"], await NamesAsync());
    }

    /// <summary>Starts a write that blocks the loop inside its batch until released.</summary>
    private async Task<Gate> HoldLoopAsync()
    {
        var gate = new Gate();
        _ = _batcher.WriteAsync(gate.Write, CancellationToken.None);
        await gate.Started.WaitAsync(Bound);
        return gate;
    }

    private static Func<SqliteConnection, CancellationToken, Task<long>> Insert(string name) => async (connection, ct) =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO t (name) VALUES ($name) RETURNING id;";
        command.Parameters.AddWithValue("$name", name);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    };

    private Task<List<string>> NamesAsync() => NamesAsync(_connection);

    private static async Task<List<string>> NamesAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM t ORDER BY id;";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            names.Add(reader.GetString(0));
        return names;
    }

    private async Task<long> CountAsync()
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM t;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A write that inserts a row named <paramref name="name"/>, says it started, and waits to be released.</summary>
    private sealed class Gate(string name = "gate")
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        public void Release() => _release.TrySetResult();

        public async Task<long> Write(SqliteConnection connection, CancellationToken cancellationToken)
        {
            var id = await Insert(name)(connection, cancellationToken);
            _started.TrySetResult();
            await _release.Task.WaitAsync(Bound, CancellationToken.None);
            return id;
        }
    }
}
