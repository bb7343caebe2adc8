using Microsoft.Extensions.Logging.Abstractions;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Jobs.Postgres;
using SdSupervised.Supervisor.Workers;
using SdSupervised.Tests.Infrastructure.Postgres;

namespace SdSupervised.Tests.Jobs.Store;

/// <summary>
/// Two or more stores with different node ids on one PostgreSQL database, as the nodes of a cluster see it: claims,
/// leases, fencing, taking back a dead node's jobs, notifications and cancel requests.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterStoreTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly ClusterNodeInfo Info = new("http://127.0.0.1:1", "test", ["gpu0"], DateTimeOffset.UnixEpoch);
    private readonly List<PostgresJobStore> _stores = [];
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await postgres.Server.CreateDatabaseAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Of_nodes_that_claim_one_job_at_once_exactly_one_gets_it()
    {
        var nodes = Enumerable.Range(0, 6).Select(i => Node($"n{i}")).ToList();
        var job = await nodes[0].InsertAsync(NewJob(), CancellationToken.None);

        var outcomes = await Task.WhenAll(nodes.Select(node => Task.Run(async () =>
        {
            try
            {
                await node.UpdateAsync(Running(job, node.NodeId), CancellationToken.None);
                return node.NodeId;
            }
            catch (JobOwnershipLostException)
            {
                return null;
            }
        })));

        var winner = Assert.Single(outcomes.OfType<string>());
        var stored = await nodes[0].GetAsync(job.Id, CancellationToken.None);
        Assert.Equal(JobStatus.Running, stored!.Status);
        Assert.Equal(winner, stored.WorkerId);
    }

    [Fact]
    public async Task A_node_whose_lease_expired_cannot_write_the_job_another_node_took_over()
    {
        var a = Node("a", leaseSeconds: 1);
        var b = Node("b", leaseSeconds: 30);
        var job = await a.InsertAsync(NewJob(), CancellationToken.None);
        var onA = Running(job, "a");
        await a.UpdateAsync(onA, CancellationToken.None);

        // a stops renewing (paused, cut off); once its lease is over, b takes the job back.
        await WaitUntilAsync(async () => await b.ExpireLeasesAsync(maxAttempts: 3, CancellationToken.None) == 1);
        var requeued = (await b.GetAsync(job.Id, CancellationToken.None))!;
        Assert.Equal(JobStatus.Queued, requeued.Status);
        var lost = Assert.Single(requeued.Failures);
        Assert.Equal(FailureKind.NodeLost, lost.Kind);
        Assert.Equal("a", lost.WorkerId);
        Assert.Contains("node a", lost.Message);

        var onB = Running(requeued, "b");
        await b.UpdateAsync(onB, CancellationToken.None);
        var done = onB with { Status = JobStatus.Completed, CompletedAt = DateTimeOffset.UnixEpoch.AddHours(1), Outputs = [new JobOutput("00-1.png", 1, 8, 8)] };
        await b.UpdateAsync(done, CancellationToken.None);

        // a comes back: its renewal says the lease is gone, and its late result is refused.
        Assert.Equal([job.Id], await a.RenewLeasesAsync(Info, CancellationToken.None));
        await Assert.ThrowsAsync<JobOwnershipLostException>(() =>
            a.UpdateAsync(onA with { Status = JobStatus.Completed, Outputs = [new JobOutput("00-9.png", 9, 8, 8)] }, CancellationToken.None));
        var final = (await b.GetAsync(job.Id, CancellationToken.None))!;
        Assert.Equal(JobStatus.Completed, final.Status);
        Assert.Equal("00-1.png", Assert.Single(final.Outputs).Filename);
        Assert.Equal("b", final.WorkerId);
    }

    [Fact]
    public async Task A_job_whose_node_was_lost_on_every_attempt_fails_as_node_lost()
    {
        var a = Node("a", leaseSeconds: 1);
        var job = await a.InsertAsync(NewJob() with
        {
            Attempts = 1,
            Failures = [new JobFailure(FailureKind.Segfault, "SIGSEGV", "gpu0", DateTimeOffset.UnixEpoch)],
        }, CancellationToken.None);
        await a.UpdateAsync(Running(job, "a") with { Attempts = 2 }, CancellationToken.None);

        await WaitUntilAsync(async () => await a.ExpireLeasesAsync(maxAttempts: 2, CancellationToken.None) == 1);

        var failed = (await a.GetAsync(job.Id, CancellationToken.None))!;
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Equal(FailureKind.NodeLost, failed.Error!.Kind);
        Assert.Equal(2, failed.Failures.Count);
        Assert.NotNull(failed.CompletedAt);
        Assert.Contains(failed.Id, (await a.ListFinishedAsync(null, 10, CancellationToken.None)).Select(j => j.Id));
    }

    [Fact]
    public async Task Renewal_keeps_a_live_node_s_jobs_and_restart_requeues_only_its_own()
    {
        var a = Node("a", leaseSeconds: 2);
        var b = Node("b", leaseSeconds: 2);
        var onA = await a.InsertAsync(NewJob(), CancellationToken.None);
        var onB = await a.InsertAsync(NewJob(), CancellationToken.None);
        await a.UpdateAsync(Running(onA, "a"), CancellationToken.None);
        await b.UpdateAsync(Running(onB, "b"), CancellationToken.None);

        for (var i = 0; i < 4; i++)
        {
            Assert.Empty(await a.RenewLeasesAsync(Info, CancellationToken.None));
            Assert.Empty(await b.RenewLeasesAsync(Info, CancellationToken.None));
            Assert.Equal(0, await b.ExpireLeasesAsync(3, CancellationToken.None));
            await Task.Delay(500);
        }

        // a restarts: its own running job is queued again at once, b's stays b's.
        var restarted = Node("a", leaseSeconds: 2);
        Assert.Equal(1, await restarted.RequeueInterruptedAsync(CancellationToken.None));
        Assert.Equal(JobStatus.Queued, (await b.GetAsync(onA.Id, CancellationToken.None))!.Status);
        Assert.Equal(JobStatus.Running, (await b.GetAsync(onB.Id, CancellationToken.None))!.Status);
        Assert.Equal(["a", "b"], (await b.ListNodesAsync(CancellationToken.None)).Select(n => n.Id).Order());
    }

    [Fact]
    public async Task Nodes_hear_of_new_claimed_and_cancelled_jobs()
    {
        var a = Node("a");
        var b = Node("b");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var heard = new List<ClusterNotification>();
        var listening = new TaskCompletionSource();
        var listener = Task.Run(async () =>
        {
            await b.InitializeAsync(stop.Token);
            await foreach (var n in b.ListenAsync(stop.Token).WithCancellation(stop.Token))
            {
                lock (heard)
                {
                    heard.Add(n);
                }
            }
        });
        // LISTEN takes effect once its statement has run; notifications sent before that are not heard (polling covers them).
        await WaitUntilAsync(async () =>
        {
            await a.InsertAsync(NewJob(), CancellationToken.None);
            lock (heard)
            {
                return heard.Count > 0;
            }
        });

        var job = await a.InsertAsync(NewJob(), CancellationToken.None);
        await a.UpdateAsync(Running(job, "a"), CancellationToken.None);
        Assert.True(await b.RequestCancelAsync(job.Id, CancellationToken.None));
        Assert.False(await b.RequestCancelAsync("no-such-job", CancellationToken.None));

        await WaitUntilAsync(() =>
        {
            lock (heard)
            {
                return Task.FromResult(heard.Any(n => n is { Kind: ClusterNotificationKind.Cancel, NodeId: "a" } && n.JobId == job.Id));
            }
        });
        lock (heard)
        {
            Assert.Contains(new ClusterNotification(ClusterNotificationKind.Queued, job.Id, "a"), heard);
            Assert.Contains(new ClusterNotification(ClusterNotificationKind.Claimed, job.Id, "a"), heard);
        }

        Assert.Equal([job.Id], await a.CancelRequestsAsync(CancellationToken.None));
        Assert.Empty(await b.CancelRequestsAsync(CancellationToken.None));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listener);
    }

    [Fact]
    public async Task A_queued_job_another_node_claimed_cannot_be_cancelled_as_queued()
    {
        var a = Node("a");
        var b = Node("b");
        var job = await a.InsertAsync(NewJob(), CancellationToken.None);
        await b.UpdateAsync(Running(job, "b"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<JobOwnershipLostException>(() =>
            a.UpdateAsync(job with { Status = JobStatus.Cancelled, CompletedAt = DateTimeOffset.UnixEpoch }, CancellationToken.None));

        Assert.Contains("on another node", error.Message);
        Assert.Equal(JobStatus.Running, (await a.GetAsync(job.Id, CancellationToken.None))!.Status);
    }

    private PostgresJobStore Node(string id, int leaseSeconds = 30)
    {
        var store = new PostgresJobStore(_connectionString, NullLogger<PostgresJobStore>.Instance, id, leaseSeconds);
        _stores.Add(store);
        return store;
    }

    private static Job NewJob() => new()
    {
        Id = Job.NewId(),
        Request = new GenerationParameters { Prompt = "a cat", Seed = 42 },
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    private static Job Running(Job job, string worker) =>
        job with { Status = JobStatus.Running, Attempts = job.Attempts + 1, WorkerId = worker, StartedAt = DateTimeOffset.UnixEpoch };

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 30 s");
            await Task.Delay(100);
        }
    }
}
