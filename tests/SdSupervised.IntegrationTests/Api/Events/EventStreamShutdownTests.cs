using System.Diagnostics;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Api.Events;

/// <summary>Open event streams must not hold up a graceful shutdown (the host would otherwise wait its whole shutdown timeout).</summary>
public sealed class EventStreamShutdownTests(ITestOutputHelper output)
{
    /// <summary>Far below the host's shutdown timeout (ShutdownGrace 30 s + CancelGrace 5 s + 20 s), far above a clean stop.</summary>
    private static readonly TimeSpan CleanStop = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Sigterm_ends_open_streams_and_the_supervisor_exits_cleanly()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 10 });
        await using var all = await SseStream.OpenAsync(sup, "/api/events");
        var jobId = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2 });
        await sup.Api.WaitForCompletedAsync(jobId, Timeouts.Job);
        await all.ReadUntilAsync(e => e.JobId == jobId && e.Event == "completed", "the job's completed event");

        var clock = Stopwatch.StartNew();
        var exit = await sup.TerminateAsync(CleanStop);

        sup.Expect(exit == 0, $"the supervisor should exit 0 within {CleanStop.TotalSeconds:F0} s of SIGTERM with a stream open (exit {exit?.ToString() ?? "none"} after {clock.Elapsed.TotalSeconds:F1} s)");
        var rest = new List<SseMessage>();
        while (await all.NextAsync(Timeouts.Soon) is { } message) rest.Add(message);
        all.Expect(rest.All(m => !m.IsEvent || m.Event == "worker"), "after shutdown the stream should only have ended (worker stop events at most)");
    }
}
