using System.Collections.Concurrent;
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
    /// <summary>The NOTIFY channel every node listens on (see <see cref="ClusterNotification"/>).</summary>
    public const string Channel = "sds_jobs";

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

    /// <summary>The lease token of each job this node runs: every write of such a job must carry it (fencing).</summary>
    private readonly ConcurrentDictionary<string, Guid> _leases = new(StringComparer.Ordinal);

    /// <summary>Jobs whose lease a renewal found lost: their run's next write is refused, whatever the row says now
    /// (it may be queued again, which an unleased write could otherwise overwrite).</summary>
    private readonly ConcurrentDictionary<string, byte> _lost = new(StringComparer.Ordinal);

    private volatile bool _initialized;

    public PostgresJobStore(string connectionString, ILogger<PostgresJobStore> logger, string? nodeId = null, int leaseSeconds = 30)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentOutOfRangeException.ThrowIfLessThan(leaseSeconds, 1);
        _logger = logger;
        NodeId = string.IsNullOrWhiteSpace(nodeId) ? Environment.MachineName : nodeId;
        LeaseSeconds = leaseSeconds;
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= "sd-supervised";
        _dataSource = builder.Build();
        Description = PostgresConnectionString.Describe(connectionString);
    }

    /// <summary>host:port/database, without credentials.</summary>
    public string Description { get; }

    /// <summary>This node's name in the jobs it claims and in the nodes table.</summary>
    public string NodeId { get; }

    public int LeaseSeconds { get; }

    /// <summary>Jobs this node holds a lease on now.</summary>
    public int LeaseCount => _leases.Count;

    /// <summary>Whether this node holds the lease of job <paramref name="id"/> (it runs the job).</summary>
    public bool Holds(string id) => _leases.ContainsKey(id);

    /// <summary>The pool the cluster's other tables (worker commands) are read and written through.</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

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
            await using var batch = _dataSource.CreateBatch();
            var insert = new NpgsqlBatchCommand(
                """
                INSERT INTO jobs (id, type, status, params_json, attempts, failures_json, error_kind, error_message,
                                  outputs_json, worker_id, created_at, started_at, completed_at, timings_json, finished_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
                RETURNING seq;
                """);
            Bind(insert.Parameters, job);
            batch.BatchCommands.Add(insert);
            if (job.Status == JobStatus.Queued)
            {
                batch.BatchCommands.Add(NotifyCommand(new ClusterNotification(ClusterNotificationKind.Queued, job.Id, NodeId)));
            }

            // One implicit transaction: the notification goes out when the row is committed, never before.
            var seq = (long)(await batch.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            return job with { Sequence = seq };
        }
        finally
        {
            _insertLock.Release();
        }
    }

    /// <summary>
    /// Replaces the stored job, fenced by ownership. A job turning running here is a claim: it succeeds only while the
    /// row is still queued and unleased, and gives this node a lease. A job this node holds a lease on is written only
    /// while that lease is still its own. Any other job is written only while it is queued (a cancel before it ran):
    /// a finished job is never written by a node that does not hold it. A refused write throws
    /// <see cref="JobOwnershipLostException"/>, so a node that lost a job never overwrites what another node did with it.
    /// </summary>
    public async Task UpdateAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        if (_lost.TryRemove(job.Id, out _))
        {
            throw new JobOwnershipLostException(job.Id, "this node's lease expired while it ran the job, and another node may have taken it over");
        }

        var held = _leases.TryGetValue(job.Id, out var token);
        var claim = !held && job.Status == JobStatus.Running;
        var keepsLease = job.Status == JobStatus.Running;
        if (claim)
        {
            token = Guid.NewGuid();
        }

        await using var batch = _dataSource.CreateBatch();
        // seq belongs to the store: an update never moves a job in the queue.
        var update = new NpgsqlBatchCommand(
            $"""
            UPDATE jobs SET
                type = $2, status = $3, params_json = $4, attempts = $5, failures_json = $6, error_kind = $7,
                error_message = $8, outputs_json = $9, worker_id = $10, created_at = $11, started_at = $12,
                completed_at = $13, timings_json = $14, finished_at = $15,
                node_id = $16, lease_token = $17,
                lease_expires_at = CASE WHEN $17::uuid IS NULL THEN NULL ELSE now() + make_interval(secs => $18) END,
                cancel_requested = CASE WHEN $17::uuid IS NULL THEN false ELSE cancel_requested END
            WHERE id = $1 AND {(claim ? "status = 'queued' AND lease_token IS NULL" : held ? "lease_token = $19" : "status = 'queued' AND lease_token IS NULL")};
            """);
        Bind(update.Parameters, job);
        update.Parameters.Add(Text(keepsLease ? NodeId : null));
        update.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = keepsLease ? token : DBNull.Value });
        update.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Double, Value = (double)LeaseSeconds });
        if (held)
        {
            update.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = token });
        }

        batch.BatchCommands.Add(update);
        var kind = claim ? ClusterNotificationKind.Claimed
            : job.Status == JobStatus.Queued ? ClusterNotificationKind.Queued
            : ClusterNotificationKind.Changed;
        batch.BatchCommands.Add(NotifyCommand(new ClusterNotification(kind, job.Id, NodeId)));

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (batch.BatchCommands[0].RecordsAffected == 0)
        {
            if (held)
            {
                _leases.TryRemove(job.Id, out _);
            }

            if (await GetAsync(job.Id, cancellationToken).ConfigureAwait(false) is not { } current)
            {
                throw new InvalidOperationException($"Job {job.Id} is not in the store; insert it before updating it.");
            }

            throw new JobOwnershipLostException(job.Id, held
                ? $"this node's lease expired and the job was taken over (now {JobJson.EnumName(current.Status)})"
                : claim ? "another node claimed it first" : $"this node does not hold it (now {JobJson.EnumName(current.Status)}, on another node or finished)");
        }

        if (claim)
        {
            _leases[job.Id] = token;
        }
        else if (held && !keepsLease)
        {
            _leases.TryRemove(job.Id, out _);
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
        // Only this node's own: a job another node runs is that node's until its lease expires.
        await using var batch = _dataSource.CreateBatch();
        var requeue = new NpgsqlBatchCommand(
            """
            UPDATE jobs SET status = 'queued', started_at = NULL, node_id = NULL, lease_token = NULL,
                            lease_expires_at = NULL, cancel_requested = false
            WHERE status = 'running' AND (node_id = $1 OR node_id IS NULL);
            """);
        requeue.Parameters.Add(Text(NodeId));
        batch.BatchCommands.Add(requeue);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        var count = batch.BatchCommands[0].RecordsAffected;
        _leases.Clear();
        if (count > 0)
        {
            await NotifyAsync(new ClusterNotification(ClusterNotificationKind.Queued, "*", NodeId), cancellationToken).ConfigureAwait(false);
        }
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

    /// <summary>
    /// Extends the lease of every job this node runs, and registers the node as seen. Returns the jobs whose lease this
    /// node no longer holds (it expired while the node was paused or cut off, and another node took the job): their
    /// runs must stop without writing.
    /// </summary>
    public async Task<IReadOnlyList<string>> RenewLeasesAsync(ClusterNodeInfo node, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var held = _leases.ToArray();
        await using var batch = _dataSource.CreateBatch();
        var renew = new NpgsqlBatchCommand(
            """
            UPDATE jobs SET lease_expires_at = now() + make_interval(secs => $3)
            WHERE status = 'running' AND node_id = $1 AND lease_token = ANY($2)
            RETURNING id;
            """);
        renew.Parameters.Add(Text(NodeId));
        renew.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid, Value = held.Select(l => l.Value).ToArray() });
        renew.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Double, Value = (double)LeaseSeconds });
        batch.BatchCommands.Add(renew);
        var seen = new NpgsqlBatchCommand(
            """
            INSERT INTO nodes (id, address, version, workers_json, started_at, last_seen, models_json)
            VALUES ($1, $2, $3, $4, $5, now(), $6)
            ON CONFLICT (id) DO UPDATE SET address = EXCLUDED.address, version = EXCLUDED.version,
                workers_json = EXCLUDED.workers_json, started_at = EXCLUDED.started_at, last_seen = now(),
                models_json = EXCLUDED.models_json;
            """);
        seen.Parameters.Add(Text(NodeId));
        seen.Parameters.Add(Text(node.Address));
        seen.Parameters.Add(Text(node.Version));
        seen.Parameters.Add(Json(JsonSerializer.Serialize(node.Workers, JobJson.Options)));
        seen.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = node.StartedAt.UtcDateTime });
        seen.Parameters.Add(Json(JsonSerializer.Serialize(node.LoadedModels ?? new Dictionary<string, string>(), JobJson.Options)));
        batch.BatchCommands.Add(seen);

        var renewed = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                renewed.Add(reader.GetString(0));
            }
        }

        var lost = new List<string>();
        foreach (var (id, token) in held)
        {
            // A lease taken since the snapshot above, or given up by the job's own last write, is not lost.
            if (!renewed.Contains(id) && _leases.TryGetValue(id, out var current) && current == token && _leases.TryRemove(id, out _))
            {
                _lost[id] = 0;
                lost.Add(id);
            }
        }

        return lost;
    }

    /// <summary>
    /// Takes back the jobs of nodes whose lease expired: each is charged a <c>node_lost</c> failure and queued again,
    /// or fails once it has failed <paramref name="maxAttempts"/> times, as after a crash. Any node may run this; rows
    /// another node is sweeping at the same moment are skipped. Returns how many jobs were taken back.
    /// </summary>
    public async Task<int> ExpireLeasesAsync(int maxAttempts, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(
            """
            WITH expired AS (
                SELECT id, json_array_length(failures_json) + 1 >= $1 AS poisoned,
                       to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"0+00:00"') AS at_text
                FROM jobs
                WHERE status = 'running' AND lease_expires_at < now()
                FOR UPDATE SKIP LOCKED
            )
            UPDATE jobs AS j SET
                failures_json = (j.failures_json::jsonb || jsonb_build_array(jsonb_build_object(
                    'kind', 'node_lost',
                    'message', 'node ' || COALESCE(j.node_id, '?') || ' stopped renewing its lease on the job',
                    'worker_id', j.worker_id,
                    'at', e.at_text)))::json,
                status = CASE WHEN e.poisoned THEN 'failed' ELSE 'queued' END,
                error_kind = CASE WHEN e.poisoned THEN 'node_lost' ELSE j.error_kind END,
                error_message = CASE WHEN e.poisoned
                    THEN 'the node running it was lost on attempt ' || j.attempts || ' of ' || $1 || '; it was not retried further'
                    ELSE j.error_message END,
                completed_at = CASE WHEN e.poisoned THEN e.at_text ELSE j.completed_at END,
                finished_at = CASE WHEN e.poisoned THEN now() ELSE NULL END,
                started_at = NULL, node_id = NULL, lease_token = NULL, lease_expires_at = NULL, cancel_requested = false
            FROM expired AS e
            WHERE j.id = e.id
            RETURNING j.id, j.status, e.poisoned;
            """);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = maxAttempts });
        var taken = new List<(string Id, bool Failed)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                taken.Add((reader.GetString(0), reader.GetBoolean(2)));
            }
        }

        foreach (var (id, failed) in taken)
        {
            _logger.LogWarning("Job {JobId} taken back from a node whose lease expired; {Outcome}", id, failed ? "failed (poison limit)" : "queued again");
            await NotifyAsync(new ClusterNotification(failed ? ClusterNotificationKind.Changed : ClusterNotificationKind.Queued, id, NodeId),
                cancellationToken).ConfigureAwait(false);
        }

        return taken.Count;
    }

    /// <summary>Asks the node running a job to cancel it. False when the job is not running anywhere.</summary>
    public async Task<bool> RequestCancelAsync(string id, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(
            "UPDATE jobs SET cancel_requested = true WHERE id = $1 AND status = 'running' RETURNING node_id;");
        command.Parameters.Add(Text(id));
        var node = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        if (node is null)
        {
            return false;
        }

        await NotifyAsync(new ClusterNotification(ClusterNotificationKind.Cancel, id, node as string), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Jobs this node runs that someone asked to cancel (the poll that backs up a missed notification).</summary>
    public async Task<IReadOnlyList<string>> CancelRequestsAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(
            "SELECT id FROM jobs WHERE status = 'running' AND node_id = $1 AND cancel_requested;");
        command.Parameters.Add(Text(NodeId));
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>The cluster's nodes, most recently seen first.</summary>
    public async Task<IReadOnlyList<ClusterNode>> ListNodesAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(
            "SELECT id, address, version, workers_json, started_at, last_seen, models_json FROM nodes ORDER BY last_seen DESC, id;");
        var nodes = new List<ClusterNode>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            nodes.Add(new ClusterNode(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                JsonSerializer.Deserialize<string[]>(reader.GetString(3), JobJson.Options) ?? [],
                new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero),
                new DateTimeOffset(reader.GetDateTime(5), TimeSpan.Zero),
                JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(6), JobJson.Options) ?? []));
        }

        return nodes;
    }

    /// <summary>
    /// The cluster's notifications as they arrive, on a connection of their own, until cancelled or the connection
    /// fails (the caller reconnects, and reconciles by polling for what it may have missed meanwhile).
    /// </summary>
    public async IAsyncEnumerable<ClusterNotification> ListenAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var received = System.Threading.Channels.Channel.CreateUnbounded<ClusterNotification>(new() { SingleReader = true });
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        connection.Notification += (_, e) =>
        {
            if (ClusterNotification.Parse(e.Payload) is { } notification)
            {
                received.Writer.TryWrite(notification);
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel};", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var waiting = connection.WaitAsync(cancellationToken);
        while (true)
        {
            while (received.Reader.TryRead(out var notification))
            {
                yield return notification;
            }

            await waiting.ConfigureAwait(false);
            waiting = connection.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Sends one notification to every node (progress of a job running here, a worker command).</summary>
    public async Task NotifyAsync(ClusterNotification notification, CancellationToken cancellationToken)
    {
        await using var batch = _dataSource.CreateBatch();
        batch.BatchCommands.Add(NotifyCommand(notification));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlBatchCommand NotifyCommand(ClusterNotification notification)
    {
        var command = new NpgsqlBatchCommand("SELECT pg_notify($1, $2);");
        command.Parameters.Add(Text(Channel));
        command.Parameters.Add(Text(notification.Payload));
        return command;
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
    private static void Bind(NpgsqlParameterCollection p, Job job)
    {
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

    /// <summary>PostgreSQL text cannot hold U+0000 (SQLite can); the one character that cannot be stored is replaced, not refused.</summary>
    private static NpgsqlParameter Text(string? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value?.Replace('\0', '\uFFFD') ?? DBNull.Value };

    private static NpgsqlParameter Json(string value) => new() { NpgsqlDbType = NpgsqlDbType.Json, Value = value };

    private static T Deserialize<T>(string json, string id, string column) where T : class =>
        JsonSerializer.Deserialize<T>(json, JobJson.Options)
        ?? throw new InvalidDataException($"Job {id} has null {column} in the job store.");

    private static string FormatTime(DateTimeOffset value) => JobJson.FormatTime(value);

    private static DateTimeOffset ParseTime(string value) => JobJson.ParseTime(value);
}
