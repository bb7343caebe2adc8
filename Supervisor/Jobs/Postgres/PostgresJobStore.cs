using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Jobs.Postgres;

/// <summary>
/// <see cref="IJobStore"/> on a PostgreSQL database (<c>--store postgres</c>). The same rows and JSON as
/// <see cref="SqliteJobStore"/>, so a job reads the same from either; sequences come from an identity column, so
/// they grow across every supervisor that shares the database. Connections come from one pooled
/// <see cref="NpgsqlDataSource"/>; each write is one statement in its own implicit transaction, committed before the
/// call returns (the server's synchronous_commit decides how durable that is, on by default).
/// </summary>
public sealed class PostgresJobStore : IJobStore, IAsyncDisposable
{
    private const string Columns =
        "id, seq, type, status, params_json, attempts, failures_json, error_kind, error_message, " +
        "outputs_json, worker_id, created_at, started_at, completed_at, timings_json";

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<PostgresJobStore> _logger;
    private readonly SemaphoreSlim _initLock = new(1, 1);

    /// <summary>
    /// Inserts are made one at a time, in the order they were called, so this node's sequences follow its call order
    /// as <see cref="IJobStore.InsertAsync"/> promises (an identity column alone orders by who reaches it first).
    /// SemaphoreSlim hands itself to waiters in the order they queued.
    /// </summary>
    private readonly SemaphoreSlim _insertLock = new(1, 1);

    private volatile bool _initialized;

    public PostgresJobStore(string connectionString, ILogger<PostgresJobStore> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _logger = logger;
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= "sd-supervised";
        _dataSource = builder.Build();
        Description = PostgresConnectionString.Describe(connectionString);
    }

    /// <summary>host:port/database, without credentials.</summary>
    public string Description { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                var found = await PostgresSchema.MigrateAsync(_dataSource, cancellationToken).ConfigureAwait(false);
                if (found < PostgresSchema.Version)
                {
                    _logger.LogInformation("Job store {Database} schema upgraded from version {FromVersion} to {SchemaVersion}",
                        Description, found, PostgresSchema.Version);
                }

                _logger.LogInformation("Job store {Database} open (PostgreSQL, schema {SchemaVersion})", Description, PostgresSchema.Version);
                _initialized = true;
            }
        }
        finally
        {
            _initLock.Release();
        }
    }

    public async Task<Job> InsertAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        // Taken before the first await, so the order of the calls is the order of the inserts.
        var turn = _insertLock.WaitAsync(cancellationToken);
        await turn.ConfigureAwait(false);

        try
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
            await using var command = _dataSource.CreateCommand(
                $"""
                INSERT INTO jobs (id, type, status, params_json, attempts, failures_json, error_kind, error_message,
                                  outputs_json, worker_id, created_at, started_at, completed_at, timings_json, finished_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
                RETURNING seq;
                """);
            Bind(command, job);
            var seq = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            return job with { Sequence = seq };
        }
        finally
        {
            _insertLock.Release();
        }
    }

    public async Task UpdateAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        // seq belongs to the store: an update never moves a job in the queue.
        await using var command = _dataSource.CreateCommand(
            """
            UPDATE jobs SET
                type = $2, status = $3, params_json = $4, attempts = $5, failures_json = $6, error_kind = $7,
                error_message = $8, outputs_json = $9, worker_id = $10, created_at = $11, started_at = $12,
                completed_at = $13, timings_json = $14, finished_at = $15
            WHERE id = $1;
            """);
        Bind(command, job);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new InvalidOperationException($"Job {job.Id} is not in the store; insert it before updating it.");
        }
    }

    public async Task<Job?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var jobs = await QueryAsync($"SELECT {Columns} FROM jobs WHERE id = $1;", [Text(id)], cancellationToken).ConfigureAwait(false);
        return jobs.Count == 0 ? null : jobs[0];
    }

    public Task<IReadOnlyList<Job>> ListActiveAsync(CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM jobs WHERE status IN ('queued', 'running') ORDER BY seq;", [], cancellationToken);

    public Task<IReadOnlyList<Job>> ListRecentAsync(int limit, CancellationToken cancellationToken) =>
        limit <= 0
            ? Task.FromResult<IReadOnlyList<Job>>([])
            : QueryAsync($"SELECT {Columns} FROM jobs ORDER BY seq DESC LIMIT $1;", [new NpgsqlParameter { Value = limit }], cancellationToken);

    public async Task<int> RequeueInterruptedAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        // started_at describes the current run; a queued job has none. Attempts, failures and the last worker id
        // stay: they are what poison detection counts on.
        await using var command = _dataSource.CreateCommand(
            "UPDATE jobs SET status = 'queued', started_at = NULL WHERE status = 'running';");
        var count = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (count > 0)
        {
            _logger.LogInformation("Requeued {JobCount} job(s) left running by a previous supervisor", count);
        }

        return count;
    }

    public Task<IReadOnlyList<Job>> ListFinishedAsync(DateTimeOffset? finishedBefore, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return Task.FromResult<IReadOnlyList<Job>>([]);
        }

        return QueryAsync(
            $"""
            SELECT {Columns} FROM jobs
            WHERE finished_at IS NOT NULL AND ($1::timestamptz IS NULL OR finished_at < $1::timestamptz)
            ORDER BY finished_at, seq
            LIMIT $2;
            """,
            [
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = finishedBefore is { } before ? before.UtcDateTime : DBNull.Value },
                new NpgsqlParameter { Value = limit },
            ],
            cancellationToken);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        // The status condition makes "only finished jobs" the store's rule too, whatever the caller saw a moment ago.
        await using var command = _dataSource.CreateCommand(
            "DELETE FROM jobs WHERE id = $1 AND status IN ('completed', 'failed', 'cancelled');");
        command.Parameters.Add(Text(id));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async ValueTask DisposeAsync() => await _dataSource.DisposeAsync().ConfigureAwait(false);

    private async Task<IReadOnlyList<Job>> QueryAsync(string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        var jobs = new List<Job>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(Read(reader));
        }

        return jobs;
    }

    /// <summary>Positional parameters $1..$15 in the order of the INSERT's column list.</summary>
    private static void Bind(NpgsqlCommand command, Job job)
    {
        var p = command.Parameters;
        p.Add(Text(job.Id));
        p.Add(Text(JobJson.EnumName(job.Type)));
        p.Add(Text(JobJson.EnumName(job.Status)));
        p.Add(Json(JobRequestJson.Serialize(job)));
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = job.Attempts });
        p.Add(Json(JsonSerializer.Serialize(job.Failures, JobJson.Options)));
        p.Add(Text(job.Error is null ? null : JobJson.EnumName(job.Error.Kind)));
        p.Add(Text(job.Error?.Message));
        p.Add(Json(JsonSerializer.Serialize(job.Outputs, JobJson.Options)));
        p.Add(Text(job.WorkerId));
        p.Add(Text(FormatTime(job.CreatedAt)));
        p.Add(Text(job.StartedAt is { } started ? FormatTime(started) : null));
        p.Add(Text(job.CompletedAt is { } completed ? FormatTime(completed) : null));
        p.Add(Json(JsonSerializer.Serialize(job.Timings, JobJson.Options)));
        p.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.TimestampTz,
            // A finished job without completed_at (none should be) counts as finished when it was created, as in SQLite.
            Value = job.IsFinished ? (job.CompletedAt ?? job.CreatedAt).UtcDateTime : DBNull.Value,
        });
    }

    private static Job Read(NpgsqlDataReader r)
    {
        var id = r.GetString(0);
        var type = JobJson.ParseEnum<JobType>(r.GetString(2));
        return JobRequestJson.Apply(new Job
        {
            Id = id,
            Sequence = r.GetInt64(1),
            Type = type,
            Status = JobJson.ParseEnum<JobStatus>(r.GetString(3)),
            Parameters = new GenerationParameters(),
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
        }, r.GetString(4));
    }

    /// <summary>PostgreSQL text cannot hold U+0000 (SQLite can); the one character that cannot be stored is replaced, not refused.</summary>
    private static NpgsqlParameter Text(string? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value?.Replace('\0', '\uFFFD') ?? DBNull.Value };

    private static NpgsqlParameter Json(string value) => new() { NpgsqlDbType = NpgsqlDbType.Json, Value = value };

    private static T Deserialize<T>(string json, string id, string column) where T : class =>
        JsonSerializer.Deserialize<T>(json, JobJson.Options)
        ?? throw new InvalidDataException($"Job {id} has null {column} in the job store.");

    private static string FormatTime(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.ParseExact(value, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
