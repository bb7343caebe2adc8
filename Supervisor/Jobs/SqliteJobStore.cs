using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// <see cref="IJobStore"/> on one SQLite file in WAL mode. Writes go through one dedicated connection and a
/// <see cref="SqliteWriteBatcher"/>: concurrent transitions are committed together, one fsync per batch, in the
/// order they were asked for, and never meet SQLITE_BUSY from each other; reads use pooled connections and run
/// beside the writer (WAL readers never block it).
/// </summary>
public sealed class SqliteJobStore : IJobStore, IAsyncDisposable
{
    /// <summary>The schema this build writes. Later versions add steps to <see cref="Migrations"/>.</summary>
    internal static int SchemaVersion => Migrations.Length;

    private const int BusyTimeoutMs = 10_000;

    private const string Columns =
        "id, seq, type, status, params_json, attempts, failures_json, error_kind, error_message, " +
        "outputs_json, worker_id, created_at, started_at, completed_at, timings_json";

    /// <summary>Index i upgrades a database from user_version i to i + 1.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS jobs (
            id            TEXT    NOT NULL PRIMARY KEY,
            seq           INTEGER NOT NULL UNIQUE,
            type          TEXT    NOT NULL,
            status        TEXT    NOT NULL,
            params_json   TEXT    NOT NULL,
            attempts      INTEGER NOT NULL DEFAULT 0,
            failures_json TEXT    NOT NULL DEFAULT '[]',
            error_kind    TEXT,
            error_message TEXT,
            outputs_json  TEXT    NOT NULL DEFAULT '[]',
            worker_id     TEXT,
            created_at    TEXT    NOT NULL,
            started_at    TEXT,
            completed_at  TEXT
        );
        CREATE INDEX IF NOT EXISTS ix_jobs_status_seq ON jobs (status, seq);
        """,
        // Per-attempt timings (AttemptTimings), as JSON like the failures beside them.
        "ALTER TABLE jobs ADD COLUMN timings_json TEXT NOT NULL DEFAULT '[]';",
        // The request became one polymorphic document (JobRequest): rows written before name their kind first.
        $$"""
        UPDATE jobs SET params_json = '{"kind":"' || ({{JobRequestJson.KindOfTypeSql}}) || '"'
            || CASE WHEN TRIM(params_json) = '{}' THEN '}' ELSE ',' || SUBSTR(TRIM(params_json), 2) END
        WHERE params_json NOT LIKE '{"kind":%';
        """,
    ];

    private readonly string _connectionString;
    private readonly ILogger<SqliteJobStore> _logger;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private readonly SqliteWriteBatcher _batcher;
    private SqliteConnection? _writer;
    private volatile bool _initialized;
    private volatile bool _disposed;

    /// <summary>
    /// The last sequence handed out. Loaded once at initialise, then advanced only by inserts on the write loop (the
    /// store is the file's only writer), so a deleted newest row does not hand its number on, as MAX(seq) + 1 would.
    /// Only across a restart could the number of a newest row deleted before it come back; a stored counter would
    /// close that, at the price of a schema step. A batch that rolls back leaves a gap, which FIFO does not mind.
    /// </summary>
    private long _lastSequence;

    public SqliteJobStore(string databasePath, ILogger<SqliteJobStore> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        _logger = logger;
        DatabasePath = Path.GetFullPath(databasePath);
        var directory = Path.GetDirectoryName(DatabasePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString();
        _batcher = new SqliteWriteBatcher(WriterAsync, logger);
    }

    public string DatabasePath { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_initialized)
            {
                await InitializeCoreAsync(cancellationToken).ConfigureAwait(false);
                _initialized = true;
            }
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>Not async before the write is in line, so concurrent calls get sequences in the order they were made.</summary>
    public Task<Job> InsertAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return WriteAsync(async (connection, ct) =>
        {
            // Taken again if the write runs a second time (after its batch failed): the first number is simply skipped.
            var seq = ++_lastSequence;
            await using var command = connection.CreateCommand();
            command.CommandText =
                $"""
                INSERT INTO jobs ({Columns})
                VALUES ($id, $seq, $type, $status, $params_json, $attempts,
                        $failures_json, $error_kind, $error_message, $outputs_json, $worker_id,
                        $created_at, $started_at, $completed_at, $timings_json);
                """;
            Bind(command, job);
            command.Parameters.AddWithValue("$seq", seq);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return job with { Sequence = seq };
        }, cancellationToken);
    }

    public async Task UpdateAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var updated = await WriteAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            // seq belongs to the store: an update never moves a job in the queue.
            command.CommandText =
                """
                UPDATE jobs SET
                    type = $type, status = $status, params_json = $params_json, attempts = $attempts,
                    failures_json = $failures_json, error_kind = $error_kind, error_message = $error_message,
                    outputs_json = $outputs_json, worker_id = $worker_id, created_at = $created_at,
                    started_at = $started_at, completed_at = $completed_at, timings_json = $timings_json
                WHERE id = $id;
                """;
            Bind(command, job);
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        if (updated == 0)
        {
            throw new InvalidOperationException($"Job {job.Id} is not in the store; insert it before updating it.");
        }
    }

    public async Task<Job?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var jobs = await QueryAsync(
            $"SELECT {Columns} FROM jobs WHERE id = $id;",
            command => command.Parameters.AddWithValue("$id", id),
            cancellationToken).ConfigureAwait(false);
        return jobs.Count == 0 ? null : jobs[0];
    }

    public Task<IReadOnlyList<Job>> ListActiveAsync(CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT {Columns} FROM jobs WHERE status IN ($queued, $running) ORDER BY seq;",
            command =>
            {
                command.Parameters.AddWithValue("$queued", JobJson.EnumName(JobStatus.Queued));
                command.Parameters.AddWithValue("$running", JobJson.EnumName(JobStatus.Running));
            },
            cancellationToken);

    public Task<IReadOnlyList<Job>> ListRecentAsync(int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return Task.FromResult<IReadOnlyList<Job>>([]);
        }

        return QueryAsync(
            $"SELECT {Columns} FROM jobs ORDER BY seq DESC LIMIT $limit;",
            command => command.Parameters.AddWithValue("$limit", limit),
            cancellationToken);
    }

    public async Task<int> RequeueInterruptedAsync(CancellationToken cancellationToken)
    {
        var count = await WriteAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            // started_at describes the current run; a queued job has none. Attempts, failures and
            // the last worker id stay: they are what poison detection counts on.
            command.CommandText = "UPDATE jobs SET status = $queued, started_at = NULL WHERE status = $running;";
            command.Parameters.AddWithValue("$queued", JobJson.EnumName(JobStatus.Queued));
            command.Parameters.AddWithValue("$running", JobJson.EnumName(JobStatus.Running));
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        if (count > 0)
        {
            _logger.LogInformation("Requeued {JobCount} job(s) left running by a previous supervisor", count);
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        // Writes already asked for are committed first; the batcher refuses new ones from here on.
        await _batcher.DisposeAsync().ConfigureAwait(false);
        await _initLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_writer is not null)
            {
                await _writer.DisposeAsync().ConfigureAwait(false);
                _writer = null;
            }

            _disposed = true;
        }
        finally
        {
            _initLock.Release();
        }

        // Pooled reader connections keep the file (and its -wal/-shm) open otherwise.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>A PRAGMA's value on the write connection (per-connection settings such as synchronous); for tests.</summary>
    internal Task<object?> ReadWriterPragmaAsync(string pragma, CancellationToken cancellationToken) =>
        WriteAsync((connection, ct) => ScalarAsync(connection, $"PRAGMA {pragma};", ct), cancellationToken);

    private async Task InitializeCoreAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenWriterAsync(cancellationToken).ConfigureAwait(false);

        // journal_mode is stored in the file; it must be set outside a transaction.
        var journalMode = (string?)await ScalarAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
        if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            _logger.LogWarning(
                "SQLite job store {DatabasePath} runs in journal mode {JournalMode}, not WAL (file system without shared memory?)",
                DatabasePath, journalMode);
        }

        var version = Convert.ToInt32(
            await ScalarAsync(connection, "PRAGMA user_version;", cancellationToken).ConfigureAwait(false),
            CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
        {
            throw new NotSupportedException(
                $"Job store {DatabasePath} has schema version {version}; this build understands up to {SchemaVersion}. " +
                "Use a newer sd-supervised or another --data-dir.");
        }

        for (var step = version; step < SchemaVersion; step++)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                // user_version cannot be a bound parameter; both numbers are ours.
                command.CommandText = Migrations[step] + $"\nPRAGMA user_version = {step + 1};";
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        _lastSequence = Convert.ToInt64(
            await ScalarAsync(connection, "SELECT COALESCE(MAX(seq), 0) FROM jobs;", cancellationToken).ConfigureAwait(false),
            CultureInfo.InvariantCulture);

        if (version < SchemaVersion)
        {
            _logger.LogInformation(
                "Job store {DatabasePath} schema upgraded from version {FromVersion} to {SchemaVersion}",
                DatabasePath, version, SchemaVersion);
        }

        _logger.LogInformation("Job store {DatabasePath} open (schema {SchemaVersion}, journal mode {JournalMode})",
            DatabasePath, SchemaVersion, journalMode);
    }

    private async Task<SqliteConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        if (_writer is not null)
        {
            return _writer;
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // synchronous is per connection. FULL fsyncs the WAL at every commit: the supervisor runs
            // unattended and announces a transition only after it is stored, so a power cut must not
            // roll back a transition the API already reported (NORMAL may lose the last commits).
            await ExecuteAsync(connection, $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {BusyTimeoutMs};", cancellationToken)
                .ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _writer = connection;
        return connection;
    }

    /// <summary>
    /// One write, committed with whatever other writes are waiting (see <see cref="SqliteWriteBatcher.WriteAsync{T}"/>:
    /// it runs inside the batch's transaction, perhaps twice, and completes once it is durable).
    /// </summary>
    private Task<T> WriteAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> write, CancellationToken cancellationToken) =>
        _batcher.WriteAsync(write, cancellationToken);

    /// <summary>The write connection for the batcher's loop; the first batch opens the store.</summary>
    private async Task<SqliteConnection> WriterAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return _writer ?? throw new ObjectDisposedException(nameof(SqliteJobStore));
    }

    private async Task<IReadOnlyList<Job>> QueryAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        ObjectDisposedException.ThrowIf(_disposed, this);

        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"PRAGMA busy_timeout = {BusyTimeoutMs};", cancellationToken).ConfigureAwait(false);

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);

        var jobs = new List<Job>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(Read(reader));
        }

        return jobs;
    }

    private static void Bind(SqliteCommand command, Job job)
    {
        var p = command.Parameters;
        p.AddWithValue("$id", job.Id);
        p.AddWithValue("$type", JobJson.EnumName(job.Type));
        p.AddWithValue("$status", JobJson.EnumName(job.Status));
        // params_json holds the request, its kind first (JobRequest), so no column per kind.
        p.AddWithValue("$params_json", JobRequestJson.Serialize(job));
        p.AddWithValue("$attempts", job.Attempts);
        p.AddWithValue("$failures_json", JsonSerializer.Serialize(job.Failures, JobJson.Options));
        p.AddWithValue("$error_kind", job.Error is null ? DBNull.Value : JobJson.EnumName(job.Error.Kind));
        p.AddWithValue("$error_message", (object?)job.Error?.Message ?? DBNull.Value);
        p.AddWithValue("$outputs_json", JsonSerializer.Serialize(job.Outputs, JobJson.Options));
        p.AddWithValue("$worker_id", (object?)job.WorkerId ?? DBNull.Value);
        p.AddWithValue("$created_at", FormatTime(job.CreatedAt));
        p.AddWithValue("$started_at", job.StartedAt is { } started ? FormatTime(started) : DBNull.Value);
        p.AddWithValue("$completed_at", job.CompletedAt is { } completed ? FormatTime(completed) : DBNull.Value);
        p.AddWithValue("$timings_json", JsonSerializer.Serialize(job.Timings, JobJson.Options));
    }

    private static Job Read(SqliteDataReader r)
    {
        var id = r.GetString(0);
        var type = JobJson.ParseEnum<JobType>(r.GetString(2));
        return new Job
        {
            Id = id,
            Sequence = r.GetInt64(1),
            Type = type,
            Status = JobJson.ParseEnum<JobStatus>(r.GetString(3)),
            Request = JobRequestJson.Deserialize(r.GetString(4), type, id),
            Attempts = r.GetInt32(5),
            Failures = Deserialize<ImmutableList<JobFailure>>(r.GetString(6), id, "failures_json"),
            Error = r.IsDBNull(7)
                ? null
                : new JobError(JobJson.ParseEnum<FailureKind>(r.GetString(7)), r.IsDBNull(8) ? "" : r.GetString(8)),
            Outputs = Deserialize<ImmutableList<JobOutput>>(r.GetString(9), id, "outputs_json"),
            WorkerId = r.IsDBNull(10) ? null : r.GetString(10),
            CreatedAt = ParseTime(r.GetString(11)),
            StartedAt = r.IsDBNull(12) ? null : ParseTime(r.GetString(12)),
            CompletedAt = r.IsDBNull(13) ? null : ParseTime(r.GetString(13)),
            Timings = Deserialize<ImmutableList<AttemptTimings>>(r.GetString(14), id, "timings_json"),
        };
    }

    private static T Deserialize<T>(string json, string id, string column) where T : class =>
        JsonSerializer.Deserialize<T>(json, JobJson.Options)
        ?? throw new InvalidDataException($"Job {id} has null {column} in the job store.");

    private static string FormatTime(DateTimeOffset value) => JobJson.FormatTime(value);

    private static DateTimeOffset ParseTime(string value) => JobJson.ParseTime(value);

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<Job>> ListFinishedAsync(DateTimeOffset? finishedBefore, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return Task.FromResult<IReadOnlyList<Job>>([]);
        }

        // julianday() reads the stored round-trip text with its offset (to the millisecond, plenty for retention), so
        // times written with different offsets still compare as instants. A finished job without completed_at (none
        // should be) counts as finished when it was created.
        return QueryAsync(
            $"""
            SELECT {Columns} FROM jobs
            WHERE status IN ($completed, $failed, $cancelled)
              AND ($before IS NULL OR julianday(COALESCE(completed_at, created_at)) < julianday($before))
            ORDER BY julianday(COALESCE(completed_at, created_at)), seq
            LIMIT $limit;
            """,
            command =>
            {
                BindFinishedStatuses(command);
                command.Parameters.AddWithValue("$before", finishedBefore is { } before ? FormatTime(before) : DBNull.Value);
                command.Parameters.AddWithValue("$limit", limit);
            },
            cancellationToken);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var deleted = await WriteAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            // The status condition makes "only finished jobs" the store's rule too, whatever the caller saw a moment ago.
            command.CommandText = "DELETE FROM jobs WHERE id = $id AND status IN ($completed, $failed, $cancelled);";
            command.Parameters.AddWithValue("$id", id);
            BindFinishedStatuses(command);
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return deleted > 0;
    }

    private static void BindFinishedStatuses(SqliteCommand command)
    {
        command.Parameters.AddWithValue("$completed", JobJson.EnumName(JobStatus.Completed));
        command.Parameters.AddWithValue("$failed", JobJson.EnumName(JobStatus.Failed));
        command.Parameters.AddWithValue("$cancelled", JobJson.EnumName(JobStatus.Cancelled));
    }
}
