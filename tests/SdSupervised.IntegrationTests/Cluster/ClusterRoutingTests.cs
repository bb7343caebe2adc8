using Npgsql;
using SdSupervised.IntegrationTests.Api.Events;
using SdSupervised.IntegrationTests.Infrastructure;
using SdSupervised.IntegrationTests.Models;
using SdSupervised.Tests.Infrastructure.Postgres;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Cluster;

/// <summary>
/// Two real supervisors on one throwaway PostgreSQL database: jobs go to the node whose worker holds their model,
/// a job's steps reach the other node's GET and SSE, another node's worker is managed through the database, and a
/// node that missed a claim still answers from the database.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterRoutingTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ClusterNodes _cluster = new(output);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private Task<SupervisorProcess> StartNodeAsync(string connectionString, string nodeId, int stepMs = 20,
        Func<SupervisorOptions, SupervisorOptions>? configure = null) =>
        _cluster.StartAsync(connectionString, nodeId, stepMs, configure);

    private static async Task PostOkAsync(SupervisorProcess node, string target, int status = 200)
    {
        var answer = await node.Api.PostRawAsync(target, "");
        node.Expect(answer.Code == status, $"POST {target} should answer {status}\n{answer}");
    }

    private static bool RanOn(SupervisorProcess node, string jobId) => node.Log.Contains($"Job {jobId} started");

    [PostgresFact]
    public async Task Each_node_takes_the_jobs_whose_model_its_idle_worker_holds_and_leaves_the_others_to_the_node_holding_theirs()
    {
        var db = await postgres.Server.CreateDatabaseAsync(CancellationToken.None);
        // Each node has its own data dir (the data-dir lock) holding the same two models.
        var dataDirs = new[] { "a", "b" }.Select(n => Directory.CreateTempSubdirectory($"sds-affinity-{n}-").FullName).ToArray();
        try
        {
            foreach (var (dir, name) in dataDirs.SelectMany(d => new[] { (d, "alpha"), (d, "beta") }))
            {
                var path = Path.Combine(dir, "models", "checkpoints", $"{name}.safetensors");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                HeaderOnlyModels.Write(path, HeaderOnlyModels.Sd15());
            }
            // Longer than the test: a job is never passed over long enough to fall back to FIFO here.
            SupervisorOptions Configure(SupervisorOptions o, string dataDir) => (o with { DataDir = dataDir }).WithEnv("SDS__Cluster__AffinitySeconds", 120);
            var a = await StartNodeAsync(db, "node-a", configure: o => Configure(o, dataDirs[0]));
            var b = await StartNodeAsync(db, "node-b", configure: o => Configure(o, dataDirs[1]));

            // A's worker loads alpha, B's loads beta (the other node drained meanwhile).
            await PostOkAsync(b, "/api/workers/w0/drain");
            await a.Api.WaitForCompletedAsync(await a.Api.SubmitAsync(new Text2ImgRequest { Model = "alpha", Steps = 1 }), Timeouts.Job);
            await PostOkAsync(a, "/api/workers/w0/drain");
            await PostOkAsync(b, "/api/workers/w0/enable");
            await b.Api.WaitForCompletedAsync(await b.Api.SubmitAsync(new Text2ImgRequest { Model = "beta", Steps = 1 }), Timeouts.Job);
            await PostOkAsync(b, "/api/workers/w0/drain");
            foreach (var (node, other, model) in new[] { (a, "node-b", "beta"), (b, "node-a", "alpha") })
            {
                await node.Api.PollAsync(async () => (await node.Api.GetAsync("/api/status")).Json.Obj("cluster").Arr("nodes"),
                    nodes => nodes?.Any(n => n.Str("id") == other && n.Obj("loaded_models").Str("w0")?.Contains(model, StringComparison.Ordinal) == true) == true,
                    Timeouts.Soon, $"{other}'s worker to be listed holding {model}");
            }
            var loadsBefore = await LoadsAsync(a) + await LoadsAsync(b);

            // Both drained: alternate the models in the queue, then let A alone take what it will.
            var jobs = new List<(string Id, string Model)>();
            for (var i = 0; i < 6; i++)
            {
                var model = i % 2 == 0 ? "alpha" : "beta";
                jobs.Add((await (i % 4 < 2 ? a : b).Api.SubmitAsync(new Text2ImgRequest { Model = model, Steps = 2, Seed = i }), model));
            }
            await PostOkAsync(a, "/api/workers/w0/enable");
            foreach (var (id, _) in jobs.Where(j => j.Model == "alpha"))
                await a.Api.WaitForCompletedAsync(id, Timeouts.Job);
            foreach (var (id, _) in jobs.Where(j => j.Model == "beta"))
            {
                var job = await a.Api.GetJobAsync(id);
                a.Expect(job.Status == "queued", $"node A (holding alpha) should have left beta job {id} to node B, which holds beta\nA:\n{a.Context()}", job);
            }

            await PostOkAsync(b, "/api/workers/w0/enable");
            foreach (var (id, model) in jobs)
            {
                await b.Api.WaitForCompletedAsync(id, Timeouts.Job);
                var (holder, otherNode) = model == "alpha" ? (a, b) : (b, a);
                holder.Expect(RanOn(holder, id) && !RanOn(otherNode, id),
                    $"job {id} ({model}) should have run on the node holding {model} only\nA:\n{a.Context()}\nB:\n{b.Context()}");
            }
            var loadsAfter = await LoadsAsync(a) + await LoadsAsync(b);
            a.Expect(loadsAfter == loadsBefore, $"no model should have been loaded again (loads before {loadsBefore}, after {loadsAfter})");
        }
        finally
        {
            await _cluster.StopAllAsync();
            foreach (var dir in dataDirs)
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<double> LoadsAsync(SupervisorProcess node) =>
        (await node.Api.ScrapeAsync()).Sum("sds_model_loads_total", ("worker", "w0"), ("result", "ok"));

    [PostgresFact]
    public async Task The_steps_of_a_job_running_on_one_node_reach_the_other_nodes_get_and_sse()
    {
        var db = await postgres.Server.CreateDatabaseAsync(CancellationToken.None);
        var a = await StartNodeAsync(db, "node-a", stepMs: 150);
        var b = await StartNodeAsync(db, "node-b", stepMs: 150);
        await PostOkAsync(a, "/api/workers/w0/drain");

        var id = await a.Api.SubmitAsync(new Text2ImgRequest { Steps = 20 });
        await using var stream = await SseStream.OpenAsync(a, $"/api/queue/job/{id}/events?last_event_id=0");
        var running = await a.Api.WaitForJobAsync(id, j => j is { Status: "running", SamplingStep: >= 1 } || j.Status is "completed" or "failed" or "cancelled",
            Timeouts.Job, "node A's GET to show node B's job running with its step");
        a.Expect(running.Status == "running" && running.Steps == 20, $"node A's GET should show the job running on B with its progress\n{running}", running);

        var events = await stream.ReadToEndAsync(Timeouts.Job);
        var steps = events.Where(e => e.Event == "progress" && e.Data.Obj("progress").Str("phase") == "sampling")
            .Select(e => e.Data.Obj("progress").Int("step") ?? -1).Distinct().ToList();
        stream.Expect(steps.Count >= 2 && events.LastOrDefault()?.Event == "completed" && RanOn(b, id) && !RanOn(a, id),
            $"SSE on node A should show at least 2 distinct steps of the job running on node B, then completed (steps: {string.Join(",", steps)})");
    }

    [PostgresFact]
    public async Task A_restart_of_another_nodes_worker_is_run_by_that_node_and_answered_like_a_local_one()
    {
        var db = await postgres.Server.CreateDatabaseAsync(CancellationToken.None);
        var a = await StartNodeAsync(db, "node-a");
        var b = await StartNodeAsync(db, "node-b");
        await a.Api.PollAsync(async () => (await a.Api.GetAsync("/api/status")).Json.Obj("cluster").Arr("nodes"),
            nodes => nodes?.Any(n => n.Str("id") == "node-b" && n.Arr("workers") is { Count: 1 }) == true, Timeouts.Soon, "node B with its worker");
        var before = (await b.Api.GetStatusAsync()).Worker("w0")!;

        var restart = await a.Api.PostRawAsync("/api/workers/w0@node-b/restart", "");
        a.Expect(restart.Code == 202 && restart.Json.Str("worker_id") == "w0@node-b" && restart.Json.Str("status") == "restarting",
            $"a restart of node B's worker through node A should answer 202 restarting, as a local one does\n{restart}");
        var after = await b.Api.WaitForStatusAsync(s => s.Worker("w0") is { State: "idle", Pid: { } pid } && pid != before.Pid,
            Timeouts.Job, "node B's worker to come back with a new pid");
        var mine = (await a.Api.GetStatusAsync()).Worker("w0");
        a.Expect(mine?.Restarts == 0, $"node A's own w0 should not have been restarted\n{mine}");
        b.Expect(b.Log.Contains("from another node: Restart w0: Done"), $"node B should log the command it ran\n{b.Context()}");

        var drain = await a.Api.PostRawAsync("/api/workers/w0@node-b/drain", "");
        a.Expect(drain.Code == 200 && drain.Json.Bool("draining") == true, $"a drain through node A should answer as a local one\n{drain}");
        var bWorker = (await b.Api.GetAsync("/api/workers")).Json.Arr("workers")![0];
        b.Expect(bWorker.Bool("draining") == true, $"node B's worker should be draining\n{Json.Show(bWorker)}");
        var unknown = await a.Api.PostRawAsync("/api/workers/w9@node-b/restart", "");
        ErrorBody.Assert4xx(unknown, a.Context(), 404);
        a.Expect(after.Worker("w0")?.Pid is not null, "B's worker has a pid");
    }

    [PostgresFact]
    public async Task A_node_that_missed_the_claim_of_a_job_answers_for_it_from_the_database()
    {
        var db = await postgres.Server.CreateDatabaseAsync(CancellationToken.None);
        // A's queue is reconciled only every 10 minutes: after its LISTEN connection is cut, it hears of nothing soon.
        var a = await StartNodeAsync(db, "node-a", stepMs: 200, o => o.WithEnv("SDS__Cluster__PollSeconds", 600));
        var b = await StartNodeAsync(db, "node-b", stepMs: 200);
        await PostOkAsync(a, "/api/workers/w0/drain");
        await PostOkAsync(b, "/api/workers/w0/drain");
        var id = await a.Api.SubmitAsync(new Text2ImgRequest { Steps = 30 });
        await b.Api.WaitForJobAsync(id, j => j.Status == "queued", Timeouts.Soon, "node B to see the job queued");

        await using (var connection = new NpgsqlConnection(db))
        {
            await connection.OpenAsync();
            await using var cut = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'node-a' AND query LIKE 'LISTEN%';", connection);
            var cutCount = Convert.ToInt64(await cut.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            a.Expect(cutCount == 1, $"node A's one LISTEN connection should have been cut (cut {cutCount})");
        }
        await PostOkAsync(b, "/api/workers/w0/enable");
        await b.Api.WaitForRunningAsync(id, 1, Timeouts.Job);

        // B's run lasts 6 s; A's stale queue would say queued all along, until it hears of the job's end.
        var seen = await a.Api.WaitForJobAsync(id, j => j.Status != "queued", Timeouts.Job, "node A's GET to stop saying queued");
        a.Expect(seen.Status == "running", $"node A should answer running from the database, not queued from its stale queue\n{a.Context()}", seen);
        var done = await a.Api.WaitForCompletedAsync(id, Timeouts.Job);
        a.Expect(RanOn(b, id) && done.Attempts == 1, "the job ran once, on node B", done);
    }
}
