using SdSupervised.IntegrationTests.Infrastructure;
using SdSupervised.Tests.Infrastructure.Postgres;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Cluster;

/// <summary>
/// A bounded chaos run: three real supervisors on one PostgreSQL database and one shared outputs dir, many one-step
/// jobs, and a random node killed with SIGKILL and restarted every few seconds. Every job must complete exactly once,
/// with its one output in the shared dir, none missing and none doubled: the issue's 500 jobs, under a minute here.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterChaosTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Jobs = 500;
    private readonly ClusterNodes _cluster = new(output, "sds-chaos-outputs-");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [PostgresFact]
    public async Task Every_job_completes_exactly_once_while_nodes_are_killed_and_restarted()
    {
        var db = await postgres.Server.CreateDatabaseAsync(CancellationToken.None);
        for (var i = 0; i < 3; i++)
            await _cluster.StartAsync(db, $"node-{i}", configure: o => o.WithResilience("MaxAttempts", 10));

        var ids = new List<string>(Jobs);
        for (var i = 0; i < Jobs; i++)
            ids.Add(await _cluster[i % 3].Api.SubmitAsync(new Text2ImgRequest { Steps = 6, Seed = i }));

        var random = new Random(16);
        var survivor = _cluster[0];
        var pending = new HashSet<string>(ids);
        var finished = new Dictionary<string, JobSnapshot>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var nextKill = TimeSpan.FromSeconds(2);
        while (pending.Count > 0)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(150))
                throw survivor.Fail($"{pending.Count} of {Jobs} jobs did not finish, e.g. {pending.First()}\n{survivor.Context()}");
            if (clock.Elapsed >= nextKill)
            {
                // Nodes 1 and 2 take turns dying; node 0 always answers the test's polls.
                var victim = _cluster[1 + random.Next(2)];
                await victim.KillAsync();
                await victim.RestartAsync();
                nextKill = clock.Elapsed + TimeSpan.FromSeconds(3);
            }
            foreach (var id in pending.ToArray())
            {
                var job = await survivor.Api.GetJobAsync(id);
                if (job.IsTerminal)
                {
                    finished[id] = job;
                    pending.Remove(id);
                }
            }
            await Task.Delay(200);
        }

        foreach (var (id, job) in finished)
        {
            survivor.Expect(job.Status == "completed" && job.Outputs.Count == 1, $"job {id} should have completed with one output", job);
            var pngs = Directory.Exists(Path.Combine(_cluster.Outputs, id)) ? Directory.GetFiles(Path.Combine(_cluster.Outputs, id), "*.png") : [];
            survivor.Expect(pngs.Length == 1 && Path.GetFileName(pngs[0]) == job.Outputs[0].Filename,
                $"job {id}'s output should be in the shared dir once, found: {string.Join(", ", pngs)}", job);
        }
        // The kills must have caught jobs mid-run (else this only tests kills between jobs): such a job was taken back
        // (by another node once its lease expired, charged node_lost, or by the victim itself when it came back) and ran
        // again, finishing on a later attempt with its one output, as checked above.
        var ranAgain = finished.Values.Count(j => j.Attempts >= 2);
        var nodeLost = finished.Values.Count(j => j.Failures.Any(f => f.Kind == "node_lost"));
        output.WriteLine($"{ranAgain} of {Jobs} jobs ran again after a kill caught them mid-run, {nodeLost} of them charged node_lost");
        survivor.Expect(ranAgain > 0, $"some jobs should have been running on a killed node and finished on a later attempt; none did ({nodeLost} charged node_lost)");
        var all = Directory.GetFiles(_cluster.Outputs, "*.png", SearchOption.AllDirectories);
        survivor.Expect(all.Length == Jobs, $"the shared outputs dir should hold exactly {Jobs} images, holds {all.Length}");
    }
}
