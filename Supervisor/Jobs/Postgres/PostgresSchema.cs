using Npgsql;

namespace SdSupervised.Supervisor.Jobs.Postgres;

/// <summary>
/// The job store's schema on PostgreSQL, created and upgraded by the server itself. Every step runs in one
/// transaction under a transaction-scoped advisory lock, so supervisors that start at the same moment against one
/// database take turns: the first applies what is missing, the others find it done. Steps only ever add.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The schema this build writes.</summary>
    public static int Version => Steps.Length;

    /// <summary>An arbitrary constant naming "migrating the sd-supervised schema" among the database's advisory locks.</summary>
    private const long MigrationLockKey = 0x5D5_5EED_0001;

    /// <summary>Index i upgrades the schema from version i to i + 1.</summary>
    private static readonly string[] Steps =
    [
        // Times are kept as ISO 8601 round-trip text, as in SQLite, so every tick and the offset survive; finished_at
        // is the same instant as a timestamp, for retention's ordering by when a job finished. JSON columns are json,
        // not jsonb: the text is kept as written (jsonb refuses \u0000, which a prompt may hold).
        """
        CREATE TABLE jobs (
            id            text        NOT NULL PRIMARY KEY,
            seq           bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
            type          text        NOT NULL,
            status        text        NOT NULL,
            params_json   json        NOT NULL,
            attempts      integer     NOT NULL DEFAULT 0,
            failures_json json        NOT NULL DEFAULT '[]',
            error_kind    text,
            error_message text,
            outputs_json  json        NOT NULL DEFAULT '[]',
            timings_json  json        NOT NULL DEFAULT '[]',
            worker_id     text,
            created_at    text        NOT NULL,
            started_at    text,
            completed_at  text,
            finished_at   timestamptz
        );
        CREATE INDEX ix_jobs_active ON jobs (seq) WHERE status IN ('queued', 'running');
        CREATE INDEX ix_jobs_finished ON jobs (finished_at, seq) WHERE finished_at IS NOT NULL;
        """,
        // The cluster: which node runs a job and its lease (the token fences every later write of that attempt), a
        // cancel asked for on another node, and the nodes themselves.
        """
        ALTER TABLE jobs
            ADD COLUMN node_id          text,
            ADD COLUMN lease_token      uuid,
            ADD COLUMN lease_expires_at timestamptz,
            ADD COLUMN cancel_requested boolean NOT NULL DEFAULT false;
        CREATE INDEX ix_jobs_leases ON jobs (lease_expires_at) WHERE status = 'running';
        CREATE TABLE nodes (
            id           text        NOT NULL PRIMARY KEY,
            address      text,
            version      text,
            workers_json json        NOT NULL DEFAULT '[]',
            started_at   timestamptz NOT NULL,
            last_seen    timestamptz NOT NULL
        );
        """,
        // Which model each of a node's workers holds (worker id -> model id), so a node can leave a young job to the
        // node that holds its model instead of loading it itself (the claim's affinity).
        """
        ALTER TABLE nodes ADD COLUMN models_json json NOT NULL DEFAULT '{}';
        """,
        // Worker management for another node's worker: the calling node writes a command row, the owning node runs it
        // and writes the result, the caller reads it back (no HTTP hop between nodes).
        """
        CREATE TABLE worker_commands (
            id          uuid        NOT NULL PRIMARY KEY,
            node_id     text        NOT NULL,
            worker_id   text        NOT NULL,
            command     text        NOT NULL,
            created_at  timestamptz NOT NULL DEFAULT now(),
            done_at     timestamptz,
            result      text
        );
        CREATE INDEX ix_worker_commands_pending ON worker_commands (node_id, created_at) WHERE done_at IS NULL;
        """,
        // The request became one polymorphic document (JobRequest): rows written before name their kind first, as text.
        $$"""
        UPDATE jobs SET params_json = ('{"kind":"' || ({{JobRequestJson.KindOfTypeSql}}) || '"'
            || CASE WHEN TRIM(params_json::text) = '{}' THEN '}' ELSE ',' || SUBSTR(TRIM(params_json::text), 2) END)::json
        WHERE params_json::text NOT LIKE '{"kind":%';
        """,
    ];

    /// <summary>Brings the database to <see cref="Version"/>; returns the version it found.</summary>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({MigrationLockKey});", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection,
            """
            CREATE TABLE IF NOT EXISTS sds_schema (
                version    integer     NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """, cancellationToken).ConfigureAwait(false);

        await using (var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM sds_schema;", connection))
        {
            var found = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false),
                System.Globalization.CultureInfo.InvariantCulture);
            if (found > Version)
            {
                throw new NotSupportedException(
                    $"The PostgreSQL job store has schema version {found}; this build understands up to {Version}. " +
                    "Upgrade this node to the version the other nodes run, or point it at another database.");
            }

            for (var step = found; step < Version; step++)
            {
                await ExecuteAsync(connection, Steps[step], cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, $"INSERT INTO sds_schema (version) VALUES ({step + 1});", cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return found;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
