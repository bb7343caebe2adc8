using SdSupervised.IntegrationTests.Infrastructure;
using SdSupervised.Tests.Infrastructure.Postgres;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Cluster;

/// <summary>
/// Two real supervisors on one throwaway PostgreSQL database and one shared outputs dir, synthetic workers, a short
/// lease: jobs cross nodes, a dead node's job finishes elsewhere, a cancel reaches the node that runs the job.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ClusterNodes _cluster = new(output);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private Task<SupervisorProcess> StartNodeAsync(string connectionString, string nodeId, int stepMs = 20) =>
        _cluster.StartAsync(connectionString, nodeId, stepMs, o => o.WithEnv("SDS__Cluster__Address", AddressOf(nodeId)));

    private static string AddressOf(string nodeId) => $"http://{nodeId}.cluster.test:8080";

    private async Task DrainAsync(SupervisorProcess node)
    {
        var drain = await node.Api.PostRawAsync("/api/workers/w0/drain", "");
        node.Expect(drain.Code == 200, $"drain should answer 200\n{drain}");
    }

    [PostgresFact]
    public async Task A_job_submitted_to_one_node_runs_on_the_other_and_both_answer_for_it()
    {
        var db = await postgres.Server.CreateDatabaseAsync(CancellationToken.None);
        var a = await StartNodeAsync(db, "node-a");
        var b = await StartNodeAsync(db, "node-b");
        await DrainAsync(a);

        var id = await a.Api.SubmitAsync(new Text2ImgRequest { Steps = 2 });
        var fromA = await a.Api.WaitForCompletedAsync(id, Timeouts.Job);
        var fromB = await b.Api.GetJobAsync(id);
        a.Expect(b.Log.Contains($"Job {id} started") && !a.Log.Contains($"Job {id} started"),
            $"the job should have run on node B (A's only worker is drained)\nA:\n{a.Context()}\nB:\n{b.Context()}", fromA);
        a.Expect(fromB.Status == "completed" && fromB.Attempts == fromA.Attempts && fromB.Outputs.Count == 1 && fromA.Outputs.Count == 1
            && fromA.Outputs[0].Filename == fromB.Outputs[0].Filename, $"both nodes should show the same completed job\nA: {fromA}\nB: {fromB}", fromB);
        var download = await a.Api.DownloadAsync(fromA.Outputs[0].Url!);
        a.Expect(download.Code == 200, $"node A should serve the output node B wrote to the shared dir\n{download}");
    }

    [PostgresFact]
    public async Task A_killed_nodes_job_completes_on_another_node_after_its_lease_expires()
    {
        var db = await postgres.Server.CreateDatabaseAsync(CancellationToken.None);
        var a = await StartNodeAsync(db, "node-a", stepMs: 200);
        var b = await StartNodeAsync(db, "node-b", stepMs: 200);
        await DrainAsync(a);

        var id = await b.Api.SubmitAsync(new Text2ImgRequest { Steps = 30 });
        await b.Api.WaitForRunningAsync(id, 1, Timeouts.Job);
        await b.KillAsync();
        await a.Api.PostRawAsync("/api/workers/w0/enable", "");

        var done = await a.Api.WaitForCompletedAsync(id, Timeouts.Job);
        a.Expect(done.Failures.Any(f => f.Kind == "node_lost") && done.Attempts == 2,
            $"the job should record node B's lost attempt as node_lost and complete on its second attempt\n{a.Context()}", done);
        var files = Directory.GetFiles(_cluster.Outputs, "*", SearchOption.AllDirectories).Where(f => f.Contains(id, StringComparison.Ordinal) && f.EndsWith(".png", StringComparison.Ordinal)).ToArray();
        a.Expect(files.Length == 1, $"the shared outputs dir should hold the job's one image once, found: {string.Join(", ", files)}", done);
    }

    [PostgresFact]
    public async Task A_node_paused_past_its_lease_cannot_overwrite_the_job_another_node_finished()
    {
        const int sigcont = 18, sigstop = 19;
        var db = await postgres.Server.CreateDatabaseAsync(CancellationToken.None);
        var a = await StartNodeAsync(db, "node-a", stepMs: 200);
        var b = await StartNodeAsync(db, "node-b", stepMs: 200);
        await DrainAsync(a);

        var id = await b.Api.SubmitAsync(new Text2ImgRequest { Steps = 30 });
        await b.Api.WaitForRunningAsync(id, 1, Timeouts.Job);
        b.Expect(Posix.Kill(b.Pid, sigstop), "SIGSTOP node B");
        b.Log.Note("SIGSTOP node B");
        await a.Api.PostRawAsync("/api/workers/w0/enable", "");
        var done = await a.Api.WaitForCompletedAsync(id, Timeouts.Job);
        a.Expect(done.Failures.Any(f => f.Kind == "node_lost"), "node A should have taken the job over as node_lost", done);

        b.Expect(Posix.Kill(b.Pid, sigcont), "SIGCONT node B");
        b.Log.Note("SIGCONT node B");
        // B notices on its next renewal (and stops the run) or at its next write of the job; either way its run ends
        // with a refused write, which it logs as the lease lost, and then drops the job.
        await b.Api.PollAsync(() => Task.FromResult(b.Log.Contains($"Job {id} on worker w0 lost its lease")), seen => seen,
            Timeouts.Soon, "node B's run of the job to end on its lost lease");
        var after = await a.Api.GetJobAsync(id);
        var fromB = await b.Api.GetJobAsync(id);
        a.Expect(after.ToString() == done.ToString() && fromB.Status == "completed" && fromB.Attempts == done.Attempts,
            $"the job should stay exactly as node A wrote it\nbefore: {done}\nafter: {after}\nfrom B: {fromB}\nB:\n{b.Context()}", after);
    }

    [PostgresFact]
    public async Task Cancel_on_one_node_stops_the_job_running_on_another()
    {
        var db = await postgres.Server.CreateDatabaseAsync(CancellationToken.None);
        var a = await StartNodeAsync(db, "node-a", stepMs: 200);
        var b = await StartNodeAsync(db, "node-b", stepMs: 200);
        await DrainAsync(a);

        var id = await a.Api.SubmitAsync(new Text2ImgRequest { Steps = 100 });
        await b.Api.WaitForRunningAsync(id, 1, Timeouts.Job);
        var cancel = await a.Api.CancelAsync(id);
        a.Expect(cancel.Code is 200 or 202, $"cancel on node A should be accepted\n{cancel}");
        var ended = await b.Api.WaitForTerminalAsync(id, Timeouts.Job);
        b.Expect(ended.Status == "cancelled", $"the job should end cancelled on node B\n{b.Context()}", ended);
        var seenFromA = await a.Api.GetJobAsync(id);
        a.Expect(seenFromA.Status == "cancelled", "node A should see it cancelled too", seenFromA);
    }

    [PostgresFact]
    public async Task Both_nodes_show_the_cluster_and_a_drain_of_the_other_nodes_worker_is_run_by_that_node()
    {
        var db = await postgres.Server.CreateDatabaseAsync(CancellationToken.None);
        var a = await StartNodeAsync(db, "node-a");
        var b = await StartNodeAsync(db, "node-b");

        foreach (var (node, self) in new[] { (a, "node-a"), (b, "node-b") })
        {
            var cluster = await node.Api.PollAsync(async () => (await node.Api.GetAsync("/api/status")).Json.Obj("cluster"),
                // A node's first renewal may run before its worker slots exist; the next one lists them.
                c => c.Arr("nodes") is { Count: 2 } nodes && nodes.All(n => n.Bool("alive") == true && n.Arr("workers") is { Count: > 0 }),
                Timeouts.Soon, $"{self}'s /api/status to list both nodes alive with their workers");
            var nodes = cluster!.Arr("nodes")!;
            node.Expect(cluster.Str("store") == "postgres" && cluster.Str("node_id") == self
                && new[] { "node-a", "node-b" }.All(id => nodes.Any(n => n.Str("id") == id && n.Str("address") == AddressOf(id)
                    && n.Arr("workers") is { Count: 1 } workers && workers[0]?.GetValue<string>() == "w0"
                    && n.Str("version") is { Length: > 0 } && n.Str("last_seen") is not null && n.Str("started_at") is not null)),
                $"{self}'s cluster should name itself and list both nodes with their address, version and worker\n{Json.Show(cluster)}");
        }

        var workers = (await a.Api.GetAsync("/api/workers")).Json;
        a.Expect(workers.Arr("workers") is { Count: 1 } local && local[0].Str("id") == "w0"
            && workers.Arr("nodes") is { Count: 1 } others && others[0].Str("id") == "node-b" && others[0].Arr("workers") is { Count: 1 },
            $"node A's /api/workers should keep its own slot and list node B's worker read-only\n{Json.Show(workers)}");

        // Another node's worker is managed through the database: node B runs the drain asked of node A.
        var drain = await a.Api.PostRawAsync("/api/workers/w0@node-b/drain", "");
        a.Expect(drain.Code == 200 && drain.Json.Bool("draining") == true, $"a drain on node A of node B's worker should answer 200 draining\n{drain}");
        var bWorker = (await b.Api.GetAsync("/api/workers")).Json.Arr("workers")![0];
        b.Expect(bWorker.Bool("draining") == true, $"node B's worker should have been drained\n{Json.Show(bWorker)}");
        var aWorker = (await a.Api.GetAsync("/api/workers")).Json.Arr("workers")![0];
        a.Expect(aWorker.Bool("draining") == false, $"node A's own w0 should not have been drained\n{Json.Show(aWorker)}");
        var unknown = await a.Api.PostRawAsync("/api/workers/w9@node-b/drain", "");
        ErrorBody.Assert4xx(unknown, a.Context(), 404);
    }
}
