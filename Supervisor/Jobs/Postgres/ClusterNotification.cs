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
}

public sealed record ClusterNotification(ClusterNotificationKind Kind, string JobId, string? NodeId)
{
    public string Payload => $"{Kind.ToString().ToLowerInvariant()} {JobId} {NodeId}".TrimEnd();

    public static ClusterNotification? Parse(string payload)
    {
        var parts = payload.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !Enum.TryParse<ClusterNotificationKind>(parts[0], ignoreCase: true, out var kind))
        {
            return null;
        }

        return new ClusterNotification(kind, parts[1], parts.Length > 2 ? parts[2] : null);
    }
}
