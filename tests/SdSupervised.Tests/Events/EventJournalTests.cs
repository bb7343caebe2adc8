using SdSupervised.Supervisor.Events;

namespace SdSupervised.Tests.Events;

public sealed class EventJournalTests
{
    [Fact]
    public void Ids_start_at_the_first_id_and_increase_by_one()
    {
        var journal = EventTestData.Journal(firstId: 500);
        var ids = Enumerable.Range(0, 10).Select(_ => journal.PublishFor("a").Id).ToList();
        Assert.Equal(Enumerable.Range(500, 10).Select(i => (long)i), ids);
        Assert.Equal(510, journal.NextId);
    }

    [Fact]
    public void Ids_from_the_clock_are_larger_after_a_restart()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new EventsOptions());
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger<EventJournal>.Instance;
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(EventTestData.T0);
        var before = new EventJournal(options, clock, logger);
        var seen = Enumerable.Range(0, 100).Select(_ => before.PublishFor("a").Id).Max();
        clock.Advance(TimeSpan.FromSeconds(1));
        var after = new EventJournal(options, clock, logger);
        Assert.True(after.NextId > seen, $"a restarted journal starts at {after.NextId}, not above the {seen} a client may have seen");
    }

    [Fact]
    public void Resuming_after_an_id_replays_exactly_the_events_after_it()
    {
        var journal = EventTestData.Journal();
        var all = Enumerable.Range(0, 20).Select(i => journal.PublishFor(i % 2 == 0 ? "a" : "b")).ToList();

        using var subscription = journal.Subscribe(null, all[11].Id);

        Assert.Null(subscription.ResetOldestId);
        Assert.Equal(all.Skip(12).Select(e => e.Id), subscription.Replay.Select(e => e.Id));
    }

    [Fact]
    public void Replay_and_live_events_join_without_gap_or_duplicate()
    {
        var journal = EventTestData.Journal();
        var all = Enumerable.Range(0, 5).Select(_ => journal.PublishFor("a")).ToList();
        using var subscription = journal.Subscribe(null, all[1].Id);
        all.AddRange(Enumerable.Range(0, 5).Select(_ => journal.PublishFor("a")));

        var seen = subscription.Replay.Concat(subscription.Drain()).Select(e => e.Id).ToList();

        Assert.Equal(all.Skip(2).Select(e => e.Id), seen);
    }

    [Fact]
    public void Resuming_from_zero_replays_everything_while_nothing_was_evicted()
    {
        var journal = EventTestData.Journal(firstId: 1000);
        var all = Enumerable.Range(0, 5).Select(_ => journal.PublishFor("a")).ToList();

        using var subscription = journal.Subscribe(null, 0);

        Assert.Null(subscription.ResetOldestId);
        Assert.Equal(all.Select(e => e.Id), subscription.Replay.Select(e => e.Id));
    }

    [Fact]
    public void No_last_event_id_means_live_events_only()
    {
        var journal = EventTestData.Journal();
        journal.PublishFor("a");
        using var subscription = journal.Subscribe(null, null);
        var live = journal.PublishFor("a");

        Assert.Empty(subscription.Replay);
        Assert.Equal([live.Id], subscription.Drain().Select(e => e.Id));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(3L)]
    [InlineData(14L)]
    public void An_evicted_id_gets_a_reset_with_the_oldest_retained_id_and_everything_retained(long after)
    {
        var journal = EventTestData.Journal(retained: 16);
        var all = Enumerable.Range(0, 40).Select(_ => journal.PublishFor("a")).ToList();
        var retained = all.TakeLast(16).ToList();

        using var subscription = journal.Subscribe(null, after);

        Assert.Equal(retained[0].Id, subscription.ResetOldestId);
        Assert.Equal(retained.Select(e => e.Id), subscription.Replay.Select(e => e.Id));
    }

    [Fact]
    public void The_newest_evicted_neighbour_still_resumes_without_reset()
    {
        var journal = EventTestData.Journal(retained: 16);
        var all = Enumerable.Range(0, 40).Select(_ => journal.PublishFor("a")).ToList();
        var justBeforeOldest = all[^17].Id;

        using var subscription = journal.Subscribe(null, justBeforeOldest);

        Assert.Null(subscription.ResetOldestId);
        Assert.Equal(all.TakeLast(16).Select(e => e.Id), subscription.Replay.Select(e => e.Id));
    }

    [Theory]
    [InlineData(5L)]
    [InlineData(1_000_000L)]
    public void An_id_that_is_not_ours_gets_a_reset(long after)
    {
        // Ids start at 100: 5 is from before this journal (a previous server run), 1_000_000 was never handed out.
        var journal = EventTestData.Journal(firstId: 100);
        var all = Enumerable.Range(0, 3).Select(_ => journal.PublishFor("a")).ToList();

        using var subscription = journal.Subscribe(null, after);

        Assert.Equal(100, subscription.ResetOldestId);
        Assert.Equal(all.Select(e => e.Id), subscription.Replay.Select(e => e.Id));
    }

    [Fact]
    public void A_job_subscription_replays_and_receives_only_that_job()
    {
        var journal = EventTestData.Journal();
        journal.PublishFor("a");
        journal.PublishFor("b");
        journal.PublishFor("a");
        using var subscription = journal.Subscribe("a", 0);
        journal.PublishFor("b");
        journal.Publish(ServerEventTypes.Worker, null, EventTestData.T0, new { WorkerId = "w0" });
        var live = journal.PublishFor("a", ServerEventTypes.Completed);

        Assert.All(subscription.Replay, e => Assert.Equal("a", e.JobId));
        Assert.Equal(2, subscription.Replay.Count);
        Assert.Equal([live.Id], subscription.Drain().Select(e => e.Id));
    }

    [Fact]
    public async Task A_subscriber_that_never_reads_does_not_block_publishing_and_is_cut_off()
    {
        var journal = EventTestData.Journal(subscriberQueue: 16);
        using var stalled = journal.Subscribe(null, null);
        using var reader = journal.Subscribe(null, null);
        var received = new List<long>();

        // Publishing is synchronous: if it ever waited for the stalled client this would never finish.
        await Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                journal.PublishFor("a", ServerEventTypes.Started);
                received.AddRange(reader.Drain().Select(e => e.Id));
            }
        }).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(stalled.Overflowed);
        Assert.False(reader.Overflowed);
        Assert.Equal(1, journal.SubscriberCount);
        Assert.Equal(1000, received.Count);
        Assert.Equal(received.Order(), received);
        // What it had queued stays readable, then the stream ends: the client resumes from the last id it got.
        Assert.Equal(16, stalled.Drain().Count);
        Assert.True(stalled.Reader.Completion.IsCompleted);
    }

    [Fact]
    public void A_lagging_subscriber_skips_progress_but_still_gets_the_final_event()
    {
        var journal = EventTestData.Journal(subscriberQueue: 16);
        using var lagging = journal.Subscribe(null, null);

        for (var i = 0; i < 100; i++)
            journal.PublishFor("a");
        var final = journal.PublishFor("a", ServerEventTypes.Completed);

        var queued = lagging.Drain();
        Assert.False(lagging.Overflowed);
        Assert.True(lagging.SkippedProgress > 0);
        Assert.Equal(100, queued.Count(e => e.Type == ServerEventTypes.Progress) + lagging.SkippedProgress);
        Assert.Equal(final.Id, queued[^1].Id);
    }

    [Fact]
    public void Disposed_subscriptions_receive_nothing_more()
    {
        var journal = EventTestData.Journal();
        var subscription = journal.Subscribe(null, null);
        subscription.Dispose();
        journal.PublishFor("a");

        Assert.Equal(0, journal.SubscriberCount);
        Assert.Empty(subscription.Drain());
    }

    [Fact]
    public void Find_final_returns_the_jobs_completed_failed_or_cancelled_event()
    {
        var journal = EventTestData.Journal();
        journal.PublishFor("a", ServerEventTypes.Started);
        journal.PublishFor("b", ServerEventTypes.Cancelled);
        var final = journal.PublishFor("a", ServerEventTypes.Failed);
        journal.PublishFor("b", ServerEventTypes.Progress);

        Assert.Equal(final.Id, journal.FindFinal("a")?.Id);
        Assert.Null(journal.FindFinal("c"));
    }

    [Fact]
    public void Data_that_cannot_be_serialized_is_not_published_and_does_not_throw()
    {
        var journal = EventTestData.Journal();
        var published = journal.Publish(ServerEventTypes.Progress, "a", EventTestData.T0, new Unserializable());

        Assert.Null(published);
        Assert.Equal(1, journal.NextId);
    }

    private sealed class Unserializable
    {
        public int Value => throw new InvalidOperationException("boom");
    }
}
