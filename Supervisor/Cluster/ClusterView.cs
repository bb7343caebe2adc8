using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Jobs.Postgres;

namespace SdSupervised.Supervisor.Cluster;

/// <summary>
/// The cluster's nodes as last read from the nodes table, published by <see cref="ClusterLeaseService"/> after each
/// renewal so /api/status and /api/workers never query PostgreSQL per request. On SQLite there is no cluster:
/// <see cref="NodeId"/> is null and <see cref="Members"/> stays empty.
/// </summary>
public sealed class ClusterView(IJobStore store, IOptions<SupervisorOptions> options, TimeProvider time)
{
    private volatile Reading _reading = new(0, []);

    /// <summary>This node's id in the cluster, or null on SQLite.</summary>
    public string? NodeId { get; } = ClusterStore.Of(store)?.NodeId;

    public bool IsCluster => NodeId is not null;

    /// <summary>Changes with every published reading (part of the status document's key).</summary>
    public long Version => _reading.Version;

    public IReadOnlyList<ClusterMember> Members => _reading.Members;

    /// <summary>The members of the other nodes only.</summary>
    public IReadOnlyList<ClusterMember> OtherMembers => [.. Members.Where(m => m.Id != NodeId)];

    public void Publish(IReadOnlyList<ClusterNode> nodes)
    {
        var members = ClusterMember.From(nodes, options.Value.Cluster.LeaseSeconds, time.GetUtcNow());
        _reading = new Reading(_reading.Version + 1, members);
    }

    /// <summary>The other node owning <paramref name="workerId"/>, or null (see <see cref="ClusterMember.OwnerOf"/>).</summary>
    public ClusterMember? OwnerOf(string workerId) =>
        NodeId is { } self ? ClusterMember.OwnerOf(workerId, self, Members) : null;

    /// <summary>Whether a worker of another live node held <paramref name="model"/> at that node's last renewal.</summary>
    public bool HeldElsewhere(string model) =>
        OtherMembers.Any(m => m.Alive && m.LoadedModels is { } loaded && loaded.Values.Contains(model, StringComparer.Ordinal));

    private sealed record Reading(long Version, IReadOnlyList<ClusterMember> Members);
}
