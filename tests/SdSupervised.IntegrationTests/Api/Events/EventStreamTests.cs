using System.Net;
using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Api.Events;

/// <summary>Server-Sent Events over real HTTP from a real supervisor: job streams, the all-events stream, resumption.</summary>
public sealed class EventStreamTests(EventsSupervisor fixture) : IClassFixture<EventsSupervisor>
{
    private static readonly string[] FinalTypes = ["completed", "failed", "cancelled"];

    private SupervisorProcess Sup => fixture.Supervisor;

    private static bool IsFinal(SseMessage m) => FinalTypes.Contains(m.Event);

    [Fact]
    public async Task Job_stream_from_zero_shows_queued_started_increasing_progress_and_completed_then_ends()
    {
        var jobId = await Sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 8, Seed = 7 });

        await using var stream = await SseStream.OpenAsync(Sup, $"/api/queue/job/{jobId}/events?last_event_id=0");
        stream.Expect(stream.Response.StatusCode == HttpStatusCode.OK, "the job stream should answer 200");
        stream.Expect(stream.Response.Content.Headers.ContentType?.MediaType == "text/event-stream", "content type should be text/event-stream");
        stream.Expect(stream.Response.Headers.CacheControl?.NoCache == true, "Cache-Control should be no-cache");
        stream.Expect(stream.Response.Headers.TryGetValues("X-Accel-Buffering", out var accel) && accel.Single() == "no", "X-Accel-Buffering should be no");

        var events = await stream.ReadToEndAsync();

        stream.Expect(stream.Seen.FirstOrDefault()?.Retry is > 0, "the stream should start with a retry hint");
        stream.Expect(events.Count >= 3 && events.All(e => e.JobId == jobId && e.Id is > 0), "every event should be this job's and carry an id");
        stream.Expect(events.Select(e => e.Id!.Value).Zip(events.Skip(1).Select(e => e.Id!.Value)).All(p => p.First < p.Second), "ids should increase");
        stream.Expect(events[0].Event == "queued" && events[0].Data.Str("status") == "queued" && events[0].Data.Int("position") is >= 1,
            "replay from 0 should start with queued {status: queued, position}");
        stream.Expect(events[1].Event == "started" && events[1].Data.Str("status") == "running" && events[1].Data.Str("worker_id") == "w0",
            "then started {status: running, worker_id}");
        var sampling = events.Where(e => e.Event == "progress" && e.Data.Obj("progress").Str("phase") == "sampling")
            .Select(e => e.Data.Obj("progress").Int("step") ?? -1).ToList();
        stream.Expect(sampling.Count > 0 && sampling.Zip(sampling.Skip(1)).All(p => p.First <= p.Second) && sampling[^1] == 8,
            $"sampling progress should increase to 8 (saw {string.Join(",", sampling)})");
        var last = events[^1];
        var output = last.Data.Arr("outputs")?.FirstOrDefault();
        stream.Expect(last.Event == "completed" && last.Data.Str("status") == "completed" && output.Str("url") is { Length: > 0 } && output.Long("seed") == 7,
            "the last event should be completed with the output URL and seed");
        stream.Expect(events.Count(IsFinal) == 1, "exactly one final event");

        var polled = await Sup.Api.GetJobAsync(jobId);
        Sup.Expect(polled.Status == "completed" && polled.Outputs.Count == 1 && polled.Outputs[0].Url == output.Str("url"),
            "polling the job should agree with the stream", polled);
        var image = await Sup.Api.DownloadAsync(output.Str("url")!);
        Sup.Expect(image.Code == 200 && image.ContentType == "image/png", $"the streamed output URL should serve the PNG\n{image}");
    }

    [Fact]
    public async Task All_events_stream_shows_a_jobs_events_in_order_while_polling_keeps_working()
    {
        await using var stream = await SseStream.OpenAsync(Sup, "/api/events");
        var jobId = await Sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 10 });

        var seen = await stream.ReadUntilAsync(e => e.JobId == jobId && IsFinal(e), $"job {jobId} finished");
        var polled = await Sup.Api.GetJobAsync(jobId);
        var events = seen.Where(e => e.JobId == jobId).ToList();

        var types = events.Select(e => e.Event).Distinct().ToList();
        stream.Expect(types.SequenceEqual(["queued", "started", "progress", "completed"]),
            $"the job's events should go queued, started, progress..., completed (saw {string.Join(",", events.Select(e => e.Event))})");
        stream.Expect(events.Zip(events.Skip(1)).All(p => p.First.Id < p.Second.Id), "ids should increase");
        stream.Expect(polled.Status == "completed", $"GET job should say completed, not {polled.Status}");

        // The all-events stream does not end with a job: it keeps going.
        var next = await Sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2 });
        await stream.ReadUntilAsync(e => e.JobId == next && e.Event == "completed", $"the next job {next} completed on the same stream");
    }

    [Fact]
    public async Task Reconnecting_with_last_event_id_continues_without_gap_or_duplicate()
    {
        var jobId = await Sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 60 });

        List<SseMessage> first;
        await using (var stream = await SseStream.OpenAsync(Sup, $"/api/queue/job/{jobId}/events?last_event_id=0"))
        {
            first = await stream.ReadUntilAsync(e => e.Event == "progress" && e.Data.Obj("progress").Int("step") >= 3 || IsFinal(e), "sampling step 3");
            stream.Expect(!IsFinal(first[^1]), "the job should still be running when the client disconnects");
        }

        List<SseMessage> second;
        await using (var resumed = await SseStream.OpenAsync(Sup, $"/api/queue/job/{jobId}/events", lastEventId: first[^1].Id))
            second = await resumed.ReadToEndAsync();

        await using var whole = await SseStream.OpenAsync(Sup, $"/api/queue/job/{jobId}/events?last_event_id=0");
        var all = await whole.ReadToEndAsync();

        var union = first.Concat(second).Select(e => e.Id!.Value).ToList();
        var expected = all.Select(e => e.Id!.Value).ToList();
        whole.Expect(union.Distinct().Count() == union.Count, $"no event should come twice: {string.Join(",", union)}");
        whole.Expect(union.SequenceEqual(expected),
            $"before + after the reconnect should be the job's whole sequence\n  got:      {string.Join(",", union)}\n  expected: {string.Join(",", expected)}");
        whole.Expect(second.Count > 0 && second[^1].Event == "completed", "the resumed stream should end with completed");
    }

    [Fact]
    public async Task Live_job_stream_of_a_cancelled_job_ends_with_cancelled()
    {
        var jobId = await Sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 150 });
        await using var stream = await SseStream.OpenAsync(Sup, $"/api/queue/job/{jobId}/events");

        await stream.ReadUntilAsync(e => e.Event == "progress" || IsFinal(e), "a progress event");
        var cancel = await Sup.Api.CancelAsync(jobId);
        Sup.Expect(cancel.Code is 200 or 202, $"cancel should be accepted\n{cancel}");
        var rest = await stream.ReadToEndAsync();

        stream.Expect(rest.Count > 0 && rest[^1].Event == "cancelled" && rest[^1].Data.Str("status") == "cancelled",
            "the stream should end with cancelled {status: cancelled}");
        stream.Expect(rest.Count(IsFinal) == 1, "exactly one final event");
    }

    [Fact]
    public async Task A_finished_job_gets_its_final_event_at_once_and_204_once_the_client_has_it()
    {
        var jobId = await Sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2 });
        await Sup.Api.WaitForCompletedAsync(jobId, Timeouts.Job);

        await using var stream = await SseStream.OpenAsync(Sup, $"/api/queue/job/{jobId}/events");
        var events = await stream.ReadToEndAsync();
        stream.Expect(events.Count == 1 && events[0].Event == "completed" && events[0].Id is > 0 && events[0].JobId == jobId,
            "a finished job's stream should send only its completed event (with its id) and end");

        await using var again = await SseStream.OpenAsync(Sup, $"/api/queue/job/{jobId}/events", lastEventId: events[0].Id);
        again.Expect(again.Response.StatusCode == HttpStatusCode.NoContent, "resuming after the final event should answer 204, which stops an EventSource");
    }

    [Fact]
    public async Task A_worker_restart_shows_worker_events()
    {
        await Sup.Api.WaitForStatusAsync(s => s.Worker("w0") is { State: "idle" }, Timeouts.Soon, "w0 idle");
        await using var stream = await SseStream.OpenAsync(Sup, "/api/events");

        var restart = await Sup.Api.PostRawAsync("/api/workers/w0/restart", "");
        Sup.Expect(restart.Code == 202, $"restart should be accepted\n{restart}");
        var events = await stream.ReadUntilAsync(e => e.Event == "worker" && e.Data.Str("worker_id") == "w0" && e.Data.Str("to") == "idle",
            "w0 back to idle", Timeouts.Soon);

        var worker = events.Where(e => e.Event == "worker").ToList();
        stream.Expect(worker.Any(e => e.Data.Str("worker_id") == "w0" && e.Data.Str("from") == "idle" && e.Data.Str("to") != "idle"),
            "w0 should be seen leaving idle before it is idle again");
        stream.Expect(worker.All(e => e.Id is > 0 && e.Data.Has("reason") && e.JobId is null), "worker events carry an id, a reason field and no job_id");
        await Sup.Api.WaitForStatusAsync(s => s.Worker("w0") is { State: "idle" }, Timeouts.Soon, "w0 idle after the restart");
    }

    [Fact]
    public async Task A_quiet_stream_gets_keep_alive_comments()
    {
        await using var stream = await SseStream.OpenAsync(Sup, "/api/events");
        while (await stream.NextAsync(Timeouts.Soon) is { } message)
            if (message.Comment == "keep-alive") return;
        throw stream.Fail("the stream ended without a keep-alive comment");
    }

    [Fact]
    public async Task An_id_from_before_this_server_started_gets_a_reset_then_the_retained_events()
    {
        await Sup.Api.WaitForCompletedAsync(await Sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2 }), Timeouts.Job);

        await using var stream = await SseStream.OpenAsync(Sup, "/api/events", lastEventId: 1);
        var reset = await stream.NextEventAsync(Timeouts.Soon);
        var following = await stream.NextEventAsync(Timeouts.Soon);

        stream.Expect(reset?.Event == "reset" && reset.Id is null && reset.Data.Long("oldest_id") is > 1 && reset.Data.Long("last_event_id") == 1,
            "a stale id should first get reset {oldest_id, last_event_id}");
        stream.Expect(following?.Id == reset!.Data.Long("oldest_id"), "the replay should start at oldest_id");
    }

    [Fact]
    public async Task Unknown_job_answers_404_json()
    {
        var response = await Sup.Api.GetAsync("/api/queue/job/no-such-job/events");
        ErrorBody.Assert4xx(response, Sup.Context(), 404);
    }

    [Theory]
    [InlineData("/api/events?last_event_id=abc")]
    [InlineData("/api/events?last_event_id=-5")]
    public async Task A_bad_last_event_id_answers_400_json(string target)
    {
        var response = await Sup.Api.GetAsync(target);
        ErrorBody.Assert4xx(response, Sup.Context(), 400);
    }
}
