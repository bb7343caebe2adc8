using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Cluster;

/// <summary>
/// The supervisors of one test cluster: each a real process on the test's PostgreSQL database with a short lease, a
/// one-second poll and one shared outputs dir; all stopped, and the dir removed, when the test ends.
/// </summary>
public sealed class ClusterNodes(ITestOutputHelper output, string outputsPrefix = "sds-cluster-outputs-") : IAsyncDisposable
{
    public const int LeaseSeconds = 3;

    private readonly List<SupervisorProcess> _nodes = [];

    /// <summary>The outputs dir every node writes (the shared NFS or CephFS mount).</summary>
    public string Outputs { get; } = Directory.CreateTempSubdirectory(outputsPrefix).FullName;

    public IReadOnlyList<SupervisorProcess> All => _nodes;

    public SupervisorProcess this[int index] => _nodes[index];

    /// <summary>Starts node <paramref name="nodeId"/>; <paramref name="configure"/> adds to (or overrides) the cluster settings.</summary>
    public async Task<SupervisorProcess> StartAsync(string connectionString, string nodeId, int stepMs = 20,
        Func<SupervisorOptions, SupervisorOptions>? configure = null)
    {
        var options = new SupervisorOptions { Workers = 1, StepMs = stepMs }
            .WithEnv("SDS__Store__Kind", "Postgres")
            // The application name tells the nodes' connections apart in pg_stat_activity.
            .WithEnv("SDS__Store__ConnectionString", $"{connectionString};Application Name={nodeId}")
            .WithEnv("SDS__Cluster__NodeId", nodeId)
            .WithEnv("SDS__Cluster__LeaseSeconds", LeaseSeconds)
            .WithEnv("SDS__Cluster__PollSeconds", 1)
            .WithEnv("SDS__Outputs__Path", Outputs);
        var node = await SupervisorProcess.StartAsync(output, configure is null ? options : configure(options));
        _nodes.Add(node);
        return node;
    }

    /// <summary>Stops every node now (a test that owns more around them, such as their data dirs, cleans up after).</summary>
    public async Task StopAllAsync()
    {
        foreach (var node in _nodes)
            await node.DisposeAsync();
        _nodes.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAllAsync();
        try { Directory.Delete(Outputs, recursive: true); } catch (IOException) { }
    }
}
