using System.Diagnostics;
using System.Globalization;
using SdSupervised.Tests.Infrastructure.Postgres;

namespace SdSupervised.Bench;

/// <summary>
/// Figure (j): the cluster on one throwaway PostgreSQL server. First claims: a burst of very short jobs (1 step,
/// 64x64) submitted round-robin to 1, 2 and 4 nodes sharing one database (each node its own data dir and synthetic
/// workers, one shared outputs dir), and to one node on SQLite side by side; a job's claim latency is its
/// <c>started_at - created_at</c> (both written by the servers, on this one machine's clock), the claim rate is the
/// burst's jobs over first submit to last start. Then failover: SIGKILL of the node running a long job, polled on the
/// surviving node until the job runs there, next to the lease length that bounds it.
/// </summary>
public sealed class ClusterBenchmark : IBenchmark
{
    private const int WorkersPerNode = 2;
    private const int ClaimStepMs = 5;
    private const int Submitters = 8;
    private const int LeaseSeconds = 3;
    private const int PollSeconds = 1;
    private const int PollIntervalMs = 20;

    public char Figure => 'j';
    public string Title => $"(j) cluster: claims on 1, 2, 4 PostgreSQL nodes ({WorkersPerNode} synthetic workers each) vs SQLite on 1; node kill -9 -> job running elsewhere";

    public async Task<IReadOnlyList<SummaryLine>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        if (PostgresBinaries.Find() is not { } binaries)
        {
            Console.WriteLine($"  skipped: {PostgresBinaries.MissingReason}");
            return [new SummaryLine("(j) cluster", $"skipped: {PostgresBinaries.MissingReason}", "")];
        }

        var jobs = context.Quick ? 24 : 80;
        var failoverRounds = context.Quick ? 1 : 2;
        var outputs = Directory.CreateTempSubdirectory("sds-bench-cluster-outputs-");
        try
        {
            await using var postgres = await PostgresServer.StartAsync(binaries, cancellationToken);
            Console.WriteLine($"  PostgreSQL from {Path.GetDirectoryName(binaries.Postgres)} (fsync off); {jobs} jobs of 1 step at 64x64 per run, StepMs {ClaimStepMs}, {Submitters} concurrent submitters round-robin over the nodes.");
            Console.WriteLine("  claim latency = started_at - created_at of each job, so it includes the wait behind the burst; claims/s = jobs / (first created_at .. last started_at).");
            Console.WriteLine($"  {"store",-8}  {"nodes",5}  {"workers",7}  {"claims/s",8}  {"p50 ms",7}  {"p99 ms",7}  {"max ms",7}  {"failed",6}  {"lost claims",11}");

            var sqlite = await ClaimRunAsync("sqlite", 1, connectionString: null, outputs.FullName, jobs, cancellationToken);
            var pg = new Dictionary<int, ClaimResult>();
            foreach (var nodes in new[] { 1, 2, 4 })
                pg[nodes] = await ClaimRunAsync("postgres", nodes, await postgres.CreateDatabaseAsync(cancellationToken), outputs.FullName, jobs, cancellationToken);

            Console.WriteLine($"  ratios: claims/s 2 nodes / 1 node {pg[2].PerSecond / pg[1].PerSecond:0.00}, 4 nodes / 1 node {pg[4].PerSecond / pg[1].PerSecond:0.00}; PostgreSQL 1 node / SQLite {pg[1].PerSecond / sqlite.PerSecond:0.00} (claims/s), {pg[1].Latency.Median / sqlite.Latency.Median:0.00} (p50 latency)");
            Console.WriteLine("  lost claims = a node reserved a worker for a job and found it taken by another node (every node races for the queue's head).");
            Console.WriteLine($"  all nodes share this machine's {Environment.ProcessorCount} cores, so more nodes add workers but not CPU: the node ratios read the claim path's contention, not a cluster of boxes.");

            var failover = await FailoverAsync(postgres, outputs.FullName, failoverRounds, cancellationToken);
            var fo = new Percentiles(failover);
            Console.WriteLine($"  median kill -> running elsewhere {fo.Median / 1000:0.00} s (min {fo.Min / 1000:0.00}, max {fo.Max / 1000:0.00}) with LeaseSeconds {LeaseSeconds}, PollSeconds {PollSeconds}: the lease plus up to one sweep interval, by design.");

            return
            [
                new SummaryLine("(j) cluster claims",
                    $"PostgreSQL 1/2/4 nodes {pg[1].PerSecond:0}/{pg[2].PerSecond:0}/{pg[4].PerSecond:0} claims/s (p50 {pg[1].Latency.Median:0}/{pg[2].Latency.Median:0}/{pg[4].Latency.Median:0} ms, p99 {pg[1].Latency.P99:0}/{pg[2].Latency.P99:0}/{pg[4].Latency.P99:0} ms), 4/1 nodes {pg[4].PerSecond / pg[1].PerSecond:0.00}, lost claim races {pg[2].LostClaims}/{pg[4].LostClaims} per {jobs} jobs on 2/4 nodes; SQLite 1 node {sqlite.PerSecond:0} claims/s (p50 {sqlite.Latency.Median:0} ms), PG/SQLite {pg[1].PerSecond / sqlite.PerSecond:0.00}",
                    "no goal set (report)"),
                new SummaryLine("(j) cluster failover",
                    $"node kill -9 -> job running elsewhere median {fo.Median / 1000:0.00} s with a {LeaseSeconds} s lease ({PollSeconds} s sweep)",
                    "no goal set (report)"),
            ];
        }
        finally
        {
            try
            {
                outputs.Delete(recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"warning: could not delete {outputs.FullName}: {ex.Message}");
            }
        }
    }

    private static SupervisorLaunch Node(string label, string? connectionString, string outputs, int stepMs, string nodeId)
    {
        var environment = new Dictionary<string, string>
        {
            ["SDS__Outputs__Path"] = outputs,
            ["SDS__Resilience__BreakerMinimumThroughput"] = "1000",
        };
        if (connectionString is not null)
        {
            environment["SDS__Store__Kind"] = "Postgres";
            environment["SDS__Store__ConnectionString"] = connectionString;
            environment["SDS__Cluster__NodeId"] = nodeId;
            environment["SDS__Cluster__LeaseSeconds"] = LeaseSeconds.ToString(CultureInfo.InvariantCulture);
            environment["SDS__Cluster__PollSeconds"] = PollSeconds.ToString(CultureInfo.InvariantCulture);
        }
        return new SupervisorLaunch(label, WorkersPerNode, stepMs) { Environment = environment };
    }

    private static async Task<ClaimResult> ClaimRunAsync(string store, int nodeCount, string? connectionString, string outputs, int jobs, CancellationToken cancellationToken)
    {
        var nodes = new List<SupervisorProcess>();
        try
        {
            // Started at once (the schema migration takes an advisory lock, so that is safe); a node that failed to start is disposed by StartAsync.
            var starts = Enumerable.Range(0, nodeCount)
                .Select(n => SupervisorProcess.StartAsync(Node($"{store}{nodeCount}-n{n}", connectionString, outputs, ClaimStepMs, $"bench-{nodeCount}-n{n}"), cancellationToken))
                .ToList();
            try
            {
                await Task.WhenAll(starts);
            }
            finally
            {
                nodes.AddRange(starts.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }
            var logStart = nodes.Select(n => n.LogCount).ToList();

            var ids = new (SupervisorProcess Node, string Id)[jobs];
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, Submitters).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < jobs)
                {
                    var node = nodes[i % nodes.Count];
                    ids[i] = (node, await node.SubmitText2ImgAsync(64, 64, steps: 1, seed: i, cancellationToken));
                }
            }, cancellationToken)));

            var views = new List<JobView>(jobs);
            var deadline = Stopwatch.StartNew();
            foreach (var (node, id) in ids)
            {
                JobView job;
                while (!(job = await node.GetJobAsync(id, cancellationToken)).IsTerminal)
                {
                    if (deadline.Elapsed > TimeSpan.FromSeconds(60))
                    {
                        PrintEvidence(nodes, id);
                        throw node.Failure($"left job {id} {job.Status} 60 s after the burst");
                    }
                    await Task.Delay(PollIntervalMs, cancellationToken);
                }
                views.Add(job);
            }

            var started = views.Where(v => v.StartedAt is not null).ToList();
            if (started.Count == 0)
                throw nodes[0].Failure("started none of the burst's jobs");
            var latency = new Percentiles(started.Select(v => (v.StartedAt!.Value - v.CreatedAt).TotalMilliseconds));
            var span = (started.Max(v => v.StartedAt!.Value) - views.Min(v => v.CreatedAt)).TotalSeconds;
            // A node that loses the race for a job to another node logs it and drops the job from its queue.
            var lost = nodes.Select((n, i) => n.CountLog(LostClaim(), logStart[i])).Sum();
            var result = new ClaimResult(started.Count / Math.Max(span, 1e-3), latency, views.Count(v => v.Status != "completed"), lost);
            Console.WriteLine($"  {store,-8}  {nodeCount,5}  {nodeCount * WorkersPerNode,7}  {result.PerSecond,8:0.0}  {latency.Median,7:0}  {latency.P99,7:0}  {latency.Max,7:0}  {result.Failed,6}  {lost,11}");
            foreach (var node in nodes)
                await node.ReportUnexpectedRestartsAsync(cancellationToken);
            return result;
        }
        finally
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
        }
    }

    /// <summary>
    /// Node A's workers are drained while a long job is submitted to node B, so B claims it; A is enabled again, B is
    /// SIGKILLed (its workers die with it), and A is polled until the job runs there on a later attempt.
    /// </summary>
    private static async Task<List<double>> FailoverAsync(PostgresServer postgres, string outputs, int rounds, CancellationToken cancellationToken)
    {
        Console.WriteLine($"  failover: 2 nodes, LeaseSeconds {LeaseSeconds}, PollSeconds {PollSeconds}; a 100 x 200 ms job runs on node B, B gets SIGKILL, node A is polled every {PollIntervalMs} ms.");
        Console.WriteLine($"  {"round",5}  {"running on A at",15}  {"attempt",7}");
        var connectionString = await postgres.CreateDatabaseAsync(cancellationToken);
        var results = new List<double>();
        await using var a = await SupervisorProcess.StartAsync(Node("failover-a", connectionString, outputs, 200, "bench-failover-a"), cancellationToken);
        for (var round = 1; round <= rounds; round++)
        {
            await using var b = await SupervisorProcess.StartAsync(Node($"failover-b{round}", connectionString, outputs, 200, $"bench-failover-b{round}"), cancellationToken);
            await SetWorkersAsync(a, "drain", cancellationToken);
            var id = await b.SubmitText2ImgAsync(64, 64, steps: 100, seed: round, cancellationToken);
            JobView before;
            var wait = Stopwatch.StartNew();
            while ((before = await b.GetJobAsync(id, cancellationToken)).Status != "running")
            {
                if (before.IsTerminal || wait.Elapsed > TimeSpan.FromSeconds(30))
                    throw b.Failure($"did not run job {id} (last: {before.Status})");
                await Task.Delay(PollIntervalMs, cancellationToken);
            }
            await SetWorkersAsync(a, "enable", cancellationToken);

            var killed = Stopwatch.GetTimestamp();
            using (var process = Process.GetProcessById(b.ProcessId))
                process.Kill(); // SIGKILL of the supervisor only; its workers die with it (PR_SET_PDEATHSIG)
            while (true)
            {
                var job = await a.GetJobAsync(id, cancellationToken);
                var elapsed = Stopwatch.GetElapsedTime(killed).TotalMilliseconds;
                if (job.Status == "running" && job.Attempts > before.Attempts)
                {
                    results.Add(elapsed);
                    Console.WriteLine($"  {round,5}  {elapsed / 1000,13:0.00} s  {job.Attempts,7}");
                    break;
                }
                if (job.IsTerminal)
                    throw a.Failure($"ended job {id} as {job.Status} instead of taking it over: {job.Error}");
                if (elapsed > (LeaseSeconds + PollSeconds) * 1000 + 30_000)
                    throw a.Failure($"did not take over job {id} within {elapsed / 1000:0} s of node B's death (last: {job.Status}, attempt {job.Attempts})");
                await Task.Delay(PollIntervalMs, cancellationToken);
            }
            // The job runs on A for 20 s; cancel it so the next round's job is the only one.
            using (var body = new StringContent($$"""{"job_id":"{{id}}"}""", System.Text.Encoding.UTF8, "application/json"))
            using (var cancel = await a.Http.PostAsync("api/queue/cancel", body, cancellationToken))
            {
                if (!cancel.IsSuccessStatusCode)
                    throw a.Failure($"answered {(int)cancel.StatusCode} to the cancel of job {id}");
            }
            await WaitUntilIdleAsync(a, cancellationToken);
        }
        return results;
    }

    /// <summary>The lines of every node that name the job, and their warnings and errors, without stack frames.</summary>
    private static void PrintEvidence(IReadOnlyList<SupervisorProcess> nodes, string id)
    {
        foreach (var node in nodes)
        {
            var lines = node.LogTail(5000)
                .Where(l => !l.TrimStart().StartsWith("at ", StringComparison.Ordinal) && !l.StartsWith("---", StringComparison.Ordinal))
                .Where(l => l.Contains(id, StringComparison.Ordinal) || l.Contains("WRN", StringComparison.Ordinal) || l.Contains("ERR", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal))
                .TakeLast(12);
            Console.WriteLine($"  log of {node.Launch.Label} (job {id}, warnings, errors):");
            foreach (var line in lines)
                Console.WriteLine($"    | {(line.Length > 300 ? line[..300] : line)}");
        }
    }

    private static async Task SetWorkersAsync(SupervisorProcess node, string action, CancellationToken cancellationToken)
    {
        for (var w = 0; w < WorkersPerNode; w++)
        {
            using var response = await node.Http.PostAsync($"api/workers/w{w}/{action}", null, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw node.Failure($"answered {(int)response.StatusCode} to {action} of w{w}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private static async Task WaitUntilIdleAsync(SupervisorProcess node, CancellationToken cancellationToken)
    {
        for (var w = 0; w < WorkersPerNode; w++)
            await node.WaitForWorkerAsync($"w{w}", v => v.State == "idle", "idle", TimeSpan.FromSeconds(30), cancellationToken);
    }

    private static System.Text.RegularExpressions.Regex LostClaim() => new("was claimed by another node before worker");

    private sealed record ClaimResult(double PerSecond, Percentiles Latency, int Failed, int LostClaims);
}
