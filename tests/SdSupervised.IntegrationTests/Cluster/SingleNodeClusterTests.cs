using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Cluster;

/// <summary>On SQLite there is no cluster: /api/status says the store, /api/workers has no other nodes, and an
/// id qualified with a node is an unknown worker (404), never another node's.</summary>
public sealed class SingleNodeClusterTests(SharedSupervisor shared) : IClassFixture<SharedSupervisor>
{
    private SupervisorProcess Sup => shared.Supervisor;

    [Fact]
    public async Task On_sqlite_the_status_names_the_store_and_no_worker_is_another_nodes()
    {
        var status = await Sup.Api.GetAsync("/api/status");
        var cluster = status.Json.Obj("cluster");
        Sup.Expect(status.Code == 200 && cluster.Str("store") == "sqlite" && !cluster.Has("nodes") && !cluster.Has("node_id"),
            $"/api/status on SQLite should have cluster {{store: \"sqlite\"}} only\n{status}");
        var workers = await Sup.Api.GetAsync("/api/workers");
        Sup.Expect(workers.Code == 200 && workers.Json.Arr("workers") is { Count: > 0 } && !workers.Json.Has("nodes"),
            $"/api/workers on SQLite should list this node's workers and no other nodes\n{workers}");
        var drain = await Sup.Api.PostRawAsync("/api/workers/w0@elsewhere/drain", "");
        ErrorBody.Assert4xx(drain, Sup.Context(), 404);
    }
}
