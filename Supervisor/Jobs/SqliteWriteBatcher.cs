using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// Group commit on one SQLite write connection. Writes from any thread wait in a channel; one loop takes all that
/// are waiting, runs them in order in one transaction and commits it (one fsync for the batch under
/// <c>synchronous=FULL</c>), and only then completes each caller's task. While a batch commits, the next one
/// gathers, so a busy store batches by itself and an idle one commits each write at once. When a batch fails it is
/// rolled back and its writes are run again one transaction each, so a bad row fails only its own caller, with its
/// own exception, and the loop goes on with the next batch.
/// </summary>
public sealed class SqliteWriteBatcher : IAsyncDisposable
{
    /// <summary>Writes per transaction at most, so one commit (and the callers waiting on it) stays short.</summary>
    public const int DefaultMaxBatchSize = 256;

    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<CancellationToken, Task<SqliteConnection>> _connection;
    private readonly ILogger _logger;
    private readonly int _maxBatchSize;
    private readonly Task _loop;
    private long _commits;

    /// <param name="connection">The open write connection (opened and set up on first use); asked once per batch, on the loop.</param>
    public SqliteWriteBatcher(Func<CancellationToken, Task<SqliteConnection>> connection, ILogger logger, int maxBatchSize = DefaultMaxBatchSize)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _connection = connection;
        _logger = logger;
        _maxBatchSize = maxBatchSize;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Transactions committed so far (a batch, or one write run alone after its batch failed).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>
    /// Queues <paramref name="write"/> and completes once its transaction is committed (durable), with what it
    /// returned, or fails with what it (or the commit) threw. Writes run in the order of the calls: the write is in
    /// line before this method returns. The write runs inside a transaction the batcher owns (no BEGIN/COMMIT of its
    /// own) and may run twice, in its batch and then alone when the batch failed, so it must change nothing outside
    /// the database that a second run would break. <paramref name="cancellationToken"/> counts until the write is
    /// taken into a batch: cancelled before, it never runs; after, it is committed and its result returned.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (cancellationToken.IsCancellationRequested)
            return Task.FromCanceled<T>(cancellationToken);
        var pending = new PendingWrite<T>(write, cancellationToken);
        if (!_writes.Writer.TryWrite(pending))
            pending.Fail(new ObjectDisposedException(nameof(SqliteWriteBatcher), "The job store is closed; no more writes are taken."));
        return pending.Task;
    }

    /// <summary>Runs the writes already queued, then stops; later writes fail with <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var reader = _writes.Reader;
        var batch = new List<PendingWrite>(_maxBatchSize);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _maxBatchSize && reader.TryRead(out var write))
            {
                if (write.TryTake())
                    batch.Add(write);
            }
            if (batch.Count == 0)
                continue;
            try
            {
                await CommitAsync(batch).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // CommitAsync settles every write itself; this is the guard that keeps a bug from stopping all writes.
                _logger.LogError(ex, "Job store write loop failed on a batch of {WriteCount} writes", batch.Count);
                foreach (var write in batch)
                    write.Fail(ex);
            }
        }
    }

    private async Task CommitAsync(List<PendingWrite> batch)
    {
        SqliteConnection connection;
        try
        {
            connection = await _connection(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            foreach (var write in batch)
                write.Fail(ex);
            return;
        }

        if (batch.Count > 1)
        {
            try
            {
                await RunInTransactionAsync(connection, batch).ConfigureAwait(false);
                foreach (var write in batch)
                    write.Complete();
                return;
            }
            catch (Exception ex)
            {
                _logger.LogWarning("A batch of {WriteCount} job store writes failed ({Error}); running them one by one", batch.Count, ex.Message);
            }
        }

        foreach (var write in batch)
        {
            try
            {
                await RunInTransactionAsync(connection, [write]).ConfigureAwait(false);
                write.Complete();
            }
            catch (Exception ex)
            {
                write.Fail(ex);
            }
        }
    }

    private async Task RunInTransactionAsync(SqliteConnection connection, IReadOnlyList<PendingWrite> writes)
    {
        // Plain SQL rather than BeginTransaction: the writes' commands need no Transaction property set, so a write
        // is the same code whether it runs in a batch or alone. IMMEDIATE takes the file's write lock up front.
        await ExecuteAsync(connection, "BEGIN IMMEDIATE;").ConfigureAwait(false);
        try
        {
            foreach (var write in writes)
                await write.RunAsync(connection).ConfigureAwait(false);
            await ExecuteAsync(connection, "COMMIT;").ConfigureAwait(false);
        }
        catch
        {
            await RollbackAsync(connection).ConfigureAwait(false);
            throw;
        }
        Interlocked.Increment(ref _commits);
    }

    private async Task RollbackAsync(SqliteConnection connection)
    {
        try
        {
            await ExecuteAsync(connection, "ROLLBACK;").ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            // After SQLITE_FULL or an I/O error SQLite may already have rolled back; then there is nothing to undo.
            _logger.LogDebug("Rollback of a job store transaction: {Error}", ex.Message);
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>A queued write: waiting, taken into a batch, or cancelled before it was taken (never both).</summary>
    private abstract class PendingWrite
    {
        private const int Waiting = 0;
        private const int Taken = 1;
        private const int Cancelled = 2;
        private int _state = Waiting;

        /// <summary>Claims the write for a batch; false when its caller cancelled first.</summary>
        public bool TryTake()
        {
            if (Interlocked.CompareExchange(ref _state, Taken, Waiting) != Waiting)
                return false;
            OnTaken();
            return true;
        }

        protected bool TryCancel() => Interlocked.CompareExchange(ref _state, Cancelled, Waiting) == Waiting;

        protected abstract void OnTaken();

        /// <summary>Runs the write in the open transaction and keeps its result for <see cref="Complete"/>.</summary>
        public abstract Task RunAsync(SqliteConnection connection);

        /// <summary>Hands the kept result to the caller; only after the commit.</summary>
        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class PendingWrite<T> : PendingWrite
    {
        private readonly Func<SqliteConnection, CancellationToken, Task<T>> _write;
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenRegistration _cancellation;
        private T? _result;

        public PendingWrite(Func<SqliteConnection, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
        {
            _write = write;
            _cancellation = cancellationToken.Register(() =>
            {
                if (TryCancel())
                    _done.TrySetCanceled(cancellationToken);
            });
        }

        public Task<T> Task => _done.Task;

        protected override void OnTaken() => _cancellation.Dispose();

        // Once taken, the write goes through whatever its caller's token does: stopping halfway would leave the
        // caller not knowing whether it was stored.
        public override async Task RunAsync(SqliteConnection connection) =>
            _result = await _write(connection, CancellationToken.None).ConfigureAwait(false);

        public override void Complete() => _done.TrySetResult(_result!);

        public override void Fail(Exception exception)
        {
            _cancellation.Dispose();
            _done.TrySetException(exception);
        }
    }
}
