namespace SdSupervised.Supervisor.Jobs.Postgres;

/// <summary>What a node tells the others through NOTIFY on <see cref="PostgresJobStore.Channel"/>.</summary>
public enum ClusterNotificationKind
{
    /// <summary>A job is (again) waiting in the queue: every node should know it.</summary>
    Queued,
    /// <summary>A node claimed a job: the others drop it from their queues.</summary>
    Claimed,
    /// <summary>A job finished, or changed on the node that owns it.</summary>
    Changed,
    /// <summary>Someone asked to cancel a job: the node running it stops it.</summary>
    Cancel,
    /// <summary>A step of a job running on the sending node (<see cref="ClusterNotification.Detail"/>: <see cref="ClusterProgress"/>).</summary>
    Progress,
    /// <summary>A worker command row waits for the node named (the "job id" is the command id).</summary>
    Command,
    /// <summary>The node that ran a worker command wrote its result (the "job id" is the command id).</summary>
    CommandDone,
}

/// <summary>
/// One notification: <c>kind id node [detail]</c>, space-separated (ids never hold a space). A node that does not know
/// a kind ignores it, so kinds can be added without a flag day. Payloads stay far below PostgreSQL's 8000 bytes: no
/// images, no job JSON (a node reads the row).
/// </summary>
public sealed record ClusterNotification(ClusterNotificationKind Kind, string JobId, string? NodeId, string? Detail = null)
{
    public string Payload => $"{Kind.ToString().ToLowerInvariant()} {JobId} {NodeId} {Detail}".TrimEnd();

    public static ClusterNotification? Parse(string payload)
    {
        var parts = payload.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !Enum.TryParse<ClusterNotificationKind>(parts[0], ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            return null;
        }

        return new ClusterNotification(kind, parts[1], parts.Length > 2 ? parts[2] : null, parts.Length > 3 ? parts[3] : null);
    }
}
