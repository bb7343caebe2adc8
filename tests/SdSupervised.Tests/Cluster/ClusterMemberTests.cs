using SdSupervised.Supervisor.Cluster;
using SdSupervised.Supervisor.Jobs.Postgres;

namespace SdSupervised.Tests.Cluster;

public sealed class ClusterMemberTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    private static ClusterNode Node(string id, double secondsAgo, params string[] workers) =>
        new(id, $"http://{id}:8080", "1.0", workers, Now.AddHours(-1), Now.AddSeconds(-secondsAgo));

    [Theory]
    [InlineData(0, true)]
    [InlineData(59.9, true)]
    [InlineData(60, true)]
    [InlineData(60.1, false)]
    [InlineData(3600, false)]
    public void A_node_is_alive_when_seen_within_two_leases(double secondsAgo, bool alive)
    {
        var member = Assert.Single(ClusterMember.From([Node("b", secondsAgo, "w0")], leaseSeconds: 30, Now));
        Assert.Equal(alive, member.Alive);
    }

    [Fact]
    public void The_mapping_keeps_every_field_and_the_order()
    {
        var members = ClusterMember.From([Node("b", 1, "gpu0", "gpu1"), Node("a", 2)], 30, Now);
        Assert.Equal(["b", "a"], members.Select(m => m.Id));
        var b = members[0];
        Assert.Equal(("http://b:8080", "1.0", Now.AddHours(-1), Now.AddSeconds(-1)), (b.Address, b.Version, b.StartedAt, b.LastSeen));
        Assert.Equal(["gpu0", "gpu1"], b.Workers);
    }

    private static readonly IReadOnlyList<ClusterMember> Members =
        ClusterMember.From([Node("a", 0, "w0", "gpu0"), Node("b", 0, "w0", "gpu1"), Node("c", 0, "w0", "gpu1", "gpu2")], 30, Now);

    [Theory]
    [InlineData("w0@b", "b")]       // named node
    [InlineData("gpu2", "c")]       // bare id only one other node has
    [InlineData("w0@a", null)]      // this node: not another node's
    [InlineData("gpu0", null)]      // only this node has it
    [InlineData("gpu1", null)]      // two other nodes have it: ambiguous, name the node
    [InlineData("w9@b", null)]      // the node has no such worker
    [InlineData("w0@z", null)]      // no such node
    [InlineData("w0@", null)]
    [InlineData("@b", null)]
    public void The_owner_of_a_worker_is_another_node_only_when_unambiguous(string workerId, string? owner) =>
        Assert.Equal(owner, ClusterMember.OwnerOf(workerId, "a", Members)?.Id);
}
