using Npgsql;
using NpgsqlTypes;

namespace SdSupervised.Supervisor.Jobs.Postgres;

/// <summary>
/// The <c>worker_commands</c> table: how a node has another node's worker drained, enabled or restarted without an HTTP
/// hop. The caller inserts a row (and notifies the owner); the owning node runs its pending rows under
/// <c>FOR UPDATE SKIP LOCKED</c>, so each runs once, and writes the result (and notifies the caller); the caller reads
/// it. A row nobody ran in time is marked <see cref="Expired"/> by its caller, and an owner never runs a row older than
/// the caller's wait, so a command that timed out is never run later by surprise.
/// </summary>
public sealed class PostgresWorkerCommands(PostgresJobStore store)
{
    public const string Expired = "expired";

    /// <summary>Done rows are kept this long for inspection, then deleted by the owner's next run.</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    public async Task<Guid> SendAsync(string nodeId, string workerId, WorkerCommandKind kind, CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var id = Guid.NewGuid();
        await using var batch = store.DataSource.CreateBatch();
        var insert = new NpgsqlBatchCommand("INSERT INTO worker_commands (id, node_id, worker_id, command) VALUES ($1, $2, $3, $4);");
        insert.Parameters.Add(Uuid(id));
        insert.Parameters.Add(Text(nodeId));
        insert.Parameters.Add(Text(workerId));
        insert.Parameters.Add(Text(JobJson.EnumName(kind)));
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(Notify(new ClusterNotification(ClusterNotificationKind.Command, id.ToString("N"), nodeId)));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <summary>The command's result once the owner wrote it, else null.</summary>
    public async Task<string?> ResultOfAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = store.DataSource.CreateCommand("SELECT result FROM worker_commands WHERE id = $1 AND done_at IS NOT NULL;");
        command.Parameters.Add(Uuid(id));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <summary>Gives up on a command: marks it <see cref="Expired"/> unless its owner got to it first; returns the result it ends with.</summary>
    public async Task<string?> ExpireAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = store.DataSource.CreateCommand(
            "UPDATE worker_commands SET done_at = now(), result = $2 WHERE id = $1 AND done_at IS NULL;");
        command.Parameters.Add(Uuid(id));
        command.Parameters.Add(Text(Expired));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0
            ? Expired
            : await ResultOfAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs this node's pending commands younger than <paramref name="maxAge"/>, oldest first, through
    /// <paramref name="execute"/> (which returns the result to record), in one transaction, and tells their callers.
    /// Returns how many ran.
    /// </summary>
    public async Task<int> RunPendingAsync(TimeSpan maxAge, Func<PendingWorkerCommand, string> execute, CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var pending = new List<PendingWorkerCommand>();
        await using (var select = new NpgsqlCommand(
            """
            SELECT id, worker_id, command FROM worker_commands
            WHERE node_id = $1 AND done_at IS NULL AND created_at > now() - make_interval(secs => $2)
            ORDER BY created_at
            FOR UPDATE SKIP LOCKED;
            """, connection, transaction))
        {
            select.Parameters.Add(Text(store.NodeId));
            select.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Double, Value = maxAge.TotalSeconds });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var kind = Enum.TryParse<WorkerCommandKind>(reader.GetString(2), ignoreCase: true, out var k) && Enum.IsDefined(k) ? k : (WorkerCommandKind?)null;
                pending.Add(new PendingWorkerCommand(reader.GetGuid(0), reader.GetString(1), kind));
            }
        }

        foreach (var command in pending)
        {
            // A command this build does not know (a newer node sent it) is answered, not left to expire.
            var result = command.Kind is null ? "unknown_command" : execute(command);
            await using var batch = new NpgsqlBatch(connection, transaction);
            var update = new NpgsqlBatchCommand("UPDATE worker_commands SET done_at = now(), result = $2 WHERE id = $1;");
            update.Parameters.Add(Uuid(command.Id));
            update.Parameters.Add(Text(result));
            batch.BatchCommands.Add(update);
            // Sent at commit, when the caller can read the result.
            batch.BatchCommands.Add(Notify(new ClusterNotification(ClusterNotificationKind.CommandDone, command.Id.ToString("N"), store.NodeId)));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var prune = new NpgsqlCommand(
            "DELETE FROM worker_commands WHERE node_id = $1 AND created_at < now() - make_interval(secs => $2);", connection, transaction))
        {
            prune.Parameters.Add(Text(store.NodeId));
            prune.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Double, Value = Retention.TotalSeconds });
            await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return pending.Count;
    }

    private static NpgsqlBatchCommand Notify(ClusterNotification notification)
    {
        var command = new NpgsqlBatchCommand("SELECT pg_notify($1, $2);");
        command.Parameters.Add(Text(PostgresJobStore.Channel));
        command.Parameters.Add(Text(notification.Payload));
        return command;
    }

    private static NpgsqlParameter Uuid(Guid id) => new() { NpgsqlDbType = NpgsqlDbType.Uuid, Value = id };

    private static NpgsqlParameter Text(string value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = value };
}
