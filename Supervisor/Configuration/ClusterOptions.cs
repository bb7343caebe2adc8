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

    /// <summary>
    /// Model affinity across nodes, seconds: while the oldest queued job is younger than this, an idle worker takes the
    /// oldest job needing the model it holds (instead of loading another for the head of the queue), and a node holding
    /// nothing the head needs leaves it to a live node whose worker holds its model. Past it, strict FIFO. 0: FIFO only.
    /// </summary>
    [Range(0, 3600)]
    public int AffinitySeconds { get; set; } = 10;

    /// <summary>How long a worker management route waits for the node that owns the worker to run the command (then 504, and the command is dropped).</summary>
    [Range(1, 600)]
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>The URL other nodes and operators reach this node's API at (shown in /api/status); optional.</summary>
    public string? Address { get; set; }
}
