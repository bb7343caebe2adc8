using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Tests.Supervisor;

public sealed class JobQueueTests
{
    private sealed record Reservation(string Id);

    private static ActiveJob NewJob(long sequence) => new(new Job
    {
        Id = $"job{sequence}",
        Sequence = sequence,
        Request = new GenerationParameters { Prompt = $"prompt {sequence}" },
    });

    private static (JobQueue Queue, ActiveJob[] Jobs) QueueOf(params long[] sequences)
    {
        var queue = new JobQueue();
        var jobs = sequences.Select(NewJob).ToArray();
        foreach (var job in jobs)
            queue.Enqueue(job);
        return (queue, jobs);
    }

    private static string[] QueuedIds(JobQueue queue) => [.. queue.QueuedJobs().Select(j => j.Id)];

    [Fact]
    public void Queued_jobs_are_ordered_by_sequence_not_by_insertion()
    {
        var (queue, _) = QueueOf(3, 1, 2);

        Assert.Equal(["job1", "job2", "job3"], QueuedIds(queue));
    }

    [Fact]
    public void Positions_are_one_based_in_sequence_order()
    {
        var (queue, jobs) = QueueOf(30, 10, 20);

        Assert.Equal(3, queue.PositionOf(jobs[0]));
        Assert.Equal(1, queue.PositionOf(jobs[1]));
        Assert.Equal(2, queue.PositionOf(jobs[2]));
    }

    [Fact]
    public void Position_of_a_job_not_queued_is_null()
    {
        var (queue, _) = QueueOf(1);

        Assert.Null(queue.PositionOf(NewJob(99)));
    }

    [Fact]
    public void Empty_queue_dispatches_nothing_and_does_not_ask_the_assigner()
    {
        var queue = new JobQueue();
        var asked = 0;

        var dispatched = queue.TryDispatch(_ => { asked++; return new Reservation("w0"); }, out var job, out var worker);

        Assert.False(dispatched);
        Assert.Null(job);
        Assert.Null(worker);
        Assert.Equal(0, asked);
    }

    [Fact]
    public void Dispatch_takes_the_head_and_it_becomes_running()
    {
        var (queue, jobs) = QueueOf(1, 2, 3);

        var dispatched = queue.TryDispatch(j => new Reservation("w0"), out var job, out var worker);

        Assert.True(dispatched);
        Assert.Same(jobs[0], job);
        Assert.Equal(new Reservation("w0"), worker);
        Assert.Null(queue.PositionOf(jobs[0]));
        Assert.Equal(1, queue.PositionOf(jobs[1]));
        Assert.Same(jobs[0], queue.Find("job1"));
        Assert.Equal(2, queue.QueuedCount);
        Assert.Equal(1, queue.RunningCount);
    }

    [Fact]
    public void Only_the_head_is_offered_and_it_stays_when_no_worker_takes_it()
    {
        var (queue, _) = QueueOf(1, 2, 3);
        var offered = new List<string>();

        var dispatched = queue.TryDispatch<Reservation>(j => { offered.Add(j.Id); return null; }, out var job, out var worker);

        Assert.False(dispatched);
        Assert.Null(job);
        Assert.Null(worker);
        Assert.Equal(["job1"], offered);
        Assert.Equal(["job1", "job2", "job3"], QueuedIds(queue));
        Assert.Equal(0, queue.RunningCount);
    }

    [Fact]
    public void Later_job_never_overtakes_a_head_that_no_worker_accepts()
    {
        var (queue, _) = QueueOf(1, 2);

        // A worker that only takes job2 (say, it holds job2's model) still gets nothing while job1 waits.
        var dispatched = queue.TryDispatch(j => j.Id == "job2" ? new Reservation("w0") : null, out var job, out _);

        Assert.False(dispatched);
        Assert.Null(job);
        Assert.Equal(["job1", "job2"], QueuedIds(queue));
    }

    [Fact]
    public void Successive_dispatches_are_FIFO()
    {
        var (queue, _) = QueueOf(5, 3, 4);
        var order = new List<string>();

        while (queue.TryDispatch(_ => new Reservation("w"), out var job, out _))
            order.Add(job!.Id);

        Assert.Equal(["job3", "job4", "job5"], order);
        Assert.Equal(0, queue.QueuedCount);
        Assert.Equal(3, queue.RunningCount);
    }

    [Fact]
    public void Queued_job_can_be_removed()
    {
        var (queue, jobs) = QueueOf(1, 2, 3);

        Assert.True(queue.TryRemoveQueued("job2", out var removed));

        Assert.Same(jobs[1], removed);
        Assert.Null(queue.Find("job2"));
        Assert.Equal(["job1", "job3"], QueuedIds(queue));
        Assert.Equal(2, queue.PositionOf(jobs[2]));
    }

    [Fact]
    public void Running_job_is_not_removed_as_queued()
    {
        var (queue, jobs) = QueueOf(1, 2);
        queue.TryDispatch(_ => new Reservation("w0"), out _, out _);

        Assert.False(queue.TryRemoveQueued("job1", out _));

        Assert.Same(jobs[0], queue.Find("job1"));
        Assert.Equal(1, queue.RunningCount);
    }

    [Fact]
    public void Unknown_job_is_not_removed()
    {
        var (queue, _) = QueueOf(1);

        Assert.False(queue.TryRemoveQueued("nope", out var job));
        Assert.Null(job);
        Assert.Equal(1, queue.QueuedCount);
    }

    [Fact]
    public void Requeued_job_goes_back_to_its_original_place_before_later_jobs()
    {
        var (queue, jobs) = QueueOf(1, 2, 3);
        queue.TryDispatch(_ => new Reservation("w0"), out var running, out _);
        queue.Enqueue(NewJob(4));

        queue.Requeue(running!);

        Assert.Equal(["job1", "job2", "job3", "job4"], QueuedIds(queue));
        Assert.Equal(1, queue.PositionOf(jobs[0]));
        Assert.Equal(0, queue.RunningCount);
        Assert.Equal(4, queue.QueuedCount);
    }

    [Fact]
    public void Requeued_job_keeps_its_updated_value()
    {
        var (queue, jobs) = QueueOf(1);
        queue.TryDispatch(_ => new Reservation("w0"), out var running, out _);
        running!.Job = running.Job with { Attempts = 1 };

        queue.Requeue(running);

        Assert.True(queue.TryDispatch(_ => new Reservation("w1"), out var again, out _));
        Assert.Same(jobs[0], again);
        Assert.Equal(1, again!.Job.Attempts);
    }

    [Fact]
    public void Snapshot_lists_running_jobs_first_then_queued_jobs_with_positions()
    {
        var (queue, _) = QueueOf(1, 2, 3, 4);
        queue.TryDispatch(_ => new Reservation("w0"), out _, out _);
        queue.TryDispatch(_ => new Reservation("w1"), out _, out _);

        var snapshot = queue.Snapshot();

        Assert.Equal(4, snapshot.Count);
        Assert.Equal(["job1", "job2"], snapshot.Take(2).Select(s => s.Job.Id).Order());
        Assert.All(snapshot.Take(2), s => Assert.Null(s.Position));
        Assert.Equal(("job3", (int?)1), (snapshot[2].Job.Id, snapshot[2].Position));
        Assert.Equal(("job4", (int?)2), (snapshot[3].Job.Id, snapshot[3].Position));
    }

    [Fact]
    public void Counts_follow_enqueue_dispatch_and_remove()
    {
        var (queue, _) = QueueOf(1, 2, 3);
        Assert.Equal((3, 0), (queue.QueuedCount, queue.RunningCount));

        queue.TryDispatch(_ => new Reservation("w0"), out _, out _);
        Assert.Equal((2, 1), (queue.QueuedCount, queue.RunningCount));

        queue.Remove("job1");
        Assert.Equal((2, 0), (queue.QueuedCount, queue.RunningCount));
        Assert.Null(queue.Find("job1"));

        queue.Remove("job3");
        Assert.Equal((1, 0), (queue.QueuedCount, queue.RunningCount));
        Assert.Equal(["job2"], QueuedIds(queue));

        queue.Remove("unknown");
        Assert.Equal((1, 0), (queue.QueuedCount, queue.RunningCount));
    }

    [Fact]
    public void Find_returns_queued_and_running_jobs_only()
    {
        var (queue, jobs) = QueueOf(1, 2);
        queue.TryDispatch(_ => new Reservation("w0"), out _, out _);

        Assert.Same(jobs[0], queue.Find("job1"));
        Assert.Same(jobs[1], queue.Find("job2"));
        Assert.Null(queue.Find("job3"));
    }

    [Fact]
    public async Task Concurrent_dispatchers_never_hand_out_a_job_twice()
    {
        var queue = new JobQueue();
        for (var i = 1; i <= 500; i++)
            queue.Enqueue(NewJob(i));
        var taken = new System.Collections.Concurrent.ConcurrentBag<string>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(() =>
        {
            while (queue.TryDispatch(_ => new Reservation($"w{w}"), out var job, out _))
                taken.Add(job!.Id);
        })));

        Assert.Equal(500, taken.Count);
        Assert.Equal(500, taken.Distinct().Count());
        Assert.Equal(500, queue.RunningCount);
    }
}
