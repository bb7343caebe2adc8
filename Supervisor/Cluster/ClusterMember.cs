using SdSupervised.Supervisor.Jobs.Postgres;

namespace SdSupervised.Supervisor.Cluster;

/// <summary>One node of the cluster as /api/status shows it: its row in the nodes table, and whether it is alive
/// (seen within two leases of the reading). <see cref="LoadedModels"/>: worker id to the model it held at the node's last renewal.</summary>
public sealed record ClusterMember(
    string Id,
    string? Address,
    string? Version,
    IReadOnlyList<string> Workers,
    DateTimeOffset LastSeen,
    DateTimeOffset StartedAt,
    bool Alive,
    IReadOnlyDictionary<string, string>? LoadedModels = null)
{
    /// <summary>The nodes read at <paramref name="now"/>, alive when seen within two leases of it.</summary>
    public static IReadOnlyList<ClusterMember> From(IEnumerable<ClusterNode> nodes, int leaseSeconds, DateTimeOffset now)
    {
        var window = TimeSpan.FromSeconds(2.0 * leaseSeconds);
        return [.. nodes.Select(n => new ClusterMember(n.Id, n.Address, n.Version, n.Workers, n.LastSeen, n.StartedAt, now - n.LastSeen <= window, n.LoadedModels))];
    }

    /// <summary>The worker's id on its own node: <c>w0@node-b</c> is <c>w0</c> there; a bare id stays as it is.</summary>
    public static string LocalWorkerId(string workerId)
    {
        var at = workerId.LastIndexOf('@');
        return at > 0 && at < workerId.Length - 1 ? workerId[..at] : workerId;
    }

    /// <summary>
    /// The other node that owns <paramref name="workerId"/>: <c>w0@node-b</c> names the node; a bare id is another
    /// node's when no local worker has it and exactly one other node lists it. Null when it is no other node's.
    /// </summary>
    public static ClusterMember? OwnerOf(string workerId, string localNodeId, IReadOnlyList<ClusterMember> members)
    {
        var at = workerId.LastIndexOf('@');
        if (at > 0 && at < workerId.Length - 1)
        {
            var (worker, node) = (workerId[..at], workerId[(at + 1)..]);
            return node == localNodeId ? null : members.FirstOrDefault(m => m.Id == node && m.Workers.Contains(worker));
        }
        var owners = members.Where(m => m.Id != localNodeId && m.Workers.Contains(workerId)).Take(2).ToList();
        return owners.Count == 1 ? owners[0] : null;
    }
}
