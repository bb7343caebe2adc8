using System.ComponentModel.DataAnnotations;

namespace SdSupervised.Supervisor.Configuration;

/// <summary>
/// This supervisor as one node of a cluster that shares a PostgreSQL queue (<c>Sds:Cluster</c>; only with
/// <c>--store postgres</c>). A node holds a lease on each job it runs and renews it; a node that stops renewing loses
/// its jobs to the others after <see cref="LeaseSeconds"/>.
/// </summary>
public sealed class ClusterOptions
{
    /// <summary>This node's name, unique in the cluster; default: the host name plus a suffix generated once and kept
    /// in the data dir's <c>node-id</c> file (see <see cref="Jobs.Postgres.ClusterNodeId"/>). Two nodes with one name
    /// would renew each other's leases.</summary>
    public string? NodeId { get; set; }

    /// <summary>How long a job's lease lasts without renewal (renewed every third of it). Also the longest a dead node's job waits.</summary>
    [Range(3, 3600)]
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>How often a node reconciles its view of the queue with the database, in case a notification was missed.</summary>
    [Range(1, 600)]
    public int PollSeconds { get; set; } = 5;

    /// <summary>The URL other nodes and operators reach this node's API at (shown in /api/status); optional.</summary>
    public string? Address { get; set; }
}
