using SdSupervised.IntegrationTests.Api.Events;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Api.Generate;

/// <summary>Live previews: the worker sends a small picture every N steps, and a running job shows the latest one.</summary>
public sealed class PreviewTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_running_job_shows_a_preview_that_grows_into_the_image_when_previews_are_on()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 150 }
            .WithEnv("SDS__Previews__Enabled", "true").WithEnv("SDS__Previews__EverySteps", 2));
        var id = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 12, Width = 256, Height = 128 });

        var early = await sup.Api.WaitForJobAsync(id, j => j.Progress.Str("preview") is not null, Timeouts.Job, "a progress preview");
        var late = await sup.Api.WaitForJobAsync(id, j => j.IsTerminal || j.SamplingStep >= 10, Timeouts.Job, "a later step");
        var first = TestImages.Decode(Convert.FromBase64String(early.Progress.Str("preview")!));
        sup.Expect(first.Width == 64 && first.Height == 32, $"the preview should be small (64x32 for 256x128), got {first.Width}x{first.Height}", early);
        sup.Expect(late.IsTerminal || late.Progress.Str("preview") != early.Progress.Str("preview"), "the preview should change as sampling goes on", late);
        await sup.Api.WaitForCompletedAsync(id, Timeouts.Job);

        // The job's event stream from the start: previews come as their own events, progress events stay light.
        await using var stream = await SseStream.OpenAsync(sup, $"/api/queue/job/{id}/events", lastEventId: 0);
        var events = await stream.ReadToEndAsync();
        var previews = events.Where(e => e.Event == "preview").ToList();
        sup.Expect(previews.Count == 6 && previews.All(p => p.Data.Obj("progress").Str("preview") is { Length: > 0 })
                   && events.Where(e => e.Event == "progress").All(e => e.Data.Obj("progress").Str("preview") is null),
            $"12 steps with a preview every 2 should give 6 preview events, and progress events without the picture: {string.Join(", ", events.Select(e => e.Event))}");
    }

    [Fact]
    public async Task Previews_are_off_by_default()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 100 });
        var id = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 8 });

        var running = await sup.Api.WaitForRunningAsync(id, 3, Timeouts.Job);
        sup.Expect(running.Progress is not null && running.Progress.Str("preview") is null, "no preview without Sds:Previews:Enabled", running);
    }
}
