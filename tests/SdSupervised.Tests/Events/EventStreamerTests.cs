using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SdSupervised.Supervisor.Events;

namespace SdSupervised.Tests.Events;

public sealed class EventStreamerTests
{
    private readonly FakeTimeProvider _clock = new(EventTestData.T0);
    private readonly EventJournal _journal = EventTestData.Journal(retained: 16);
    private readonly CapturingStream _body = new();

    private EventStreamer Streamer(int heartbeatSeconds = 15) =>
        new(Options.Create(new EventsOptions { HeartbeatSeconds = heartbeatSeconds, RetryMilliseconds = 2500 }), _clock);

    [Fact]
    public async Task A_job_stream_sends_retry_replay_and_live_events_then_ends_after_the_final_one()
    {
        var first = _journal.PublishFor("a", ServerEventTypes.Queued);
        _journal.PublishFor("b", ServerEventTypes.Queued);
        using var subscription = _journal.Subscribe("a", 0);
        var run = Streamer().RunAsync(new SseWriter(_body), subscription, 0, endAtJobFinal: true, knownFinal: null, CancellationToken.None);

        await _body.WaitForAsync(t => t.Contains("event: queued"));
        var started = _journal.PublishFor("a", ServerEventTypes.Started);
        var completed = _journal.PublishFor("a", ServerEventTypes.Completed);
        _journal.PublishFor("a", ServerEventTypes.Progress); // after the end: never sent

        Assert.Equal(EventStreamEnd.JobFinished, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        var messages = SseText.Parse(_body.Text);
        Assert.Equal(2500, messages[0].Retry);
        Assert.Equal([first.Id, started.Id, completed.Id], messages.Skip(1).Select(m => m.Id));
        Assert.Equal(["queued", "started", "completed"], messages.Skip(1).Select(m => m.Event));
        Assert.Equal("a", JsonNode.Parse(messages[1].Data!)!["job_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_resume_from_an_evicted_id_starts_with_a_reset_naming_the_oldest_id()
    {
        var all = Enumerable.Range(0, 40).Select(_ => _journal.PublishFor("a")).ToList();
        using var subscription = _journal.Subscribe(null, 3);
        using var stop = new CancellationTokenSource();
        var run = Streamer().RunAsync(new SseWriter(_body), subscription, 3, endAtJobFinal: false, knownFinal: null, stop.Token);

        await _body.WaitForAsync(t => t.Contains($"id: {all[^1].Id}\n"));
        await stop.CancelAsync();
        Assert.Equal(EventStreamEnd.Cancelled, await run.WaitAsync(TimeSpan.FromSeconds(30)));

        var events = SseText.Events(_body.Text);
        Assert.Equal("reset", events[0].Event);
        Assert.Null(events[0].Id);
        var reset = JsonNode.Parse(events[0].Data!)!;
        Assert.Equal(all[^16].Id, reset["oldest_id"]!.GetValue<long>());
        Assert.Equal(3, reset["last_event_id"]!.GetValue<long>());
        Assert.Equal(all.TakeLast(16).Select(e => (long?)e.Id), events.Skip(1).Select(m => m.Id));
    }

    [Fact]
    public async Task A_finished_job_gets_its_known_final_event_and_the_stream_ends()
    {
        using var subscription = _journal.Subscribe("a", null);
        var final = new ServerEvent(0, ServerEventTypes.Cancelled, "a", EventTestData.T0, "{\"job_id\":\"a\"}");

        var end = await Streamer().RunAsync(new SseWriter(_body), subscription, null, endAtJobFinal: true, final, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(EventStreamEnd.JobFinished, end);
        var only = Assert.Single(SseText.Events(_body.Text));
        Assert.Equal("cancelled", only.Event);
        Assert.Null(only.Id);
    }

    [Fact]
    public async Task A_quiet_stream_sends_keep_alive_comments()
    {
        using var subscription = _journal.Subscribe(null, null);
        using var stop = new CancellationTokenSource();
        var run = Streamer(heartbeatSeconds: 15).RunAsync(new SseWriter(_body), subscription, null, endAtJobFinal: false, knownFinal: null, stop.Token);

        await _body.WaitForAsync(t => t.Contains(": keep-alive"), () => _clock.Advance(TimeSpan.FromSeconds(15)));
        var live = _journal.PublishFor("a");
        await _body.WaitForAsync(t => t.Contains($"id: {live.Id}\n"));
        await stop.CancelAsync();

        Assert.Equal(EventStreamEnd.Cancelled, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains(SseText.Parse(_body.Text), m => m.Comment == "keep-alive");
    }

    [Fact]
    public async Task An_overflowed_subscription_ends_the_stream_after_what_it_had_queued()
    {
        var journal = EventTestData.Journal(subscriberQueue: 16);
        using var subscription = journal.Subscribe(null, null);
        var published = Enumerable.Range(0, 20).Select(_ => journal.PublishFor("a", ServerEventTypes.Started)).ToList();

        var end = await Streamer().RunAsync(new SseWriter(_body), subscription, null, endAtJobFinal: false, knownFinal: null, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(EventStreamEnd.Overflowed, end);
        Assert.Equal(published.Take(16).Select(e => (long?)e.Id), SseText.Events(_body.Text).Select(m => m.Id));
    }

    [Fact]
    public async Task Every_message_is_flushed()
    {
        _journal.PublishFor("a", ServerEventTypes.Queued);
        _journal.PublishFor("a", ServerEventTypes.Completed);
        using var subscription = _journal.Subscribe("a", 0);

        await Streamer().RunAsync(new SseWriter(_body), subscription, 0, endAtJobFinal: true, knownFinal: null, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(SseText.Parse(_body.Text).Count, _body.Flushes);
    }
}
