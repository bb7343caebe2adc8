using System.Globalization;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Systemd;

/// <summary>The sd_notify protocol for real: a datagram socket, NOTIFY_SOCKET and WATCHDOG_USEC, the real supervisor.</summary>
public sealed class SdNotifyTests(ITestOutputHelper output)
{
    private const int WatchdogUsec = 2_000_000;

    [Fact]
    public async Task Ready_comes_once_the_api_answers_then_status_follows_a_worker_kill_and_stopping_comes_on_sigterm()
    {
        await using var notify = new NotifySocket();
        int? healthAtReady = null;
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var port = FreePort.Pick();
        notify.OnMessage = async message =>
        {
            // Checked at the moment READY=1 arrives: the API must already answer.
            if (message.Text.Split('\n').Contains("READY=1") && healthAtReady is null)
            {
                try { healthAtReady = (int)(await probe.GetAsync($"http://127.0.0.1:{port}/api/health")).StatusCode; }
                catch (HttpRequestException) { healthAtReady = -1; }
            }
        };

        await using var supervisor = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 2, Port = port }
            .WithEnv("NOTIFY_SOCKET", notify.Path)
            .WithEnv("WATCHDOG_USEC", WatchdogUsec));
        Assert.Equal(port, supervisor.Port);

        var ready = await notify.WaitForAsync(a => a is { Key: "READY", Value: "1" }, Timeouts.Soon, "READY=1");
        await supervisor.Api.PollAsync(() => Task.FromResult(healthAtReady), h => h is not null, Timeouts.Soon, "the health probe made when READY=1 arrived");
        Assert.True(healthAtReady == 200, $"READY=1 arrived before /api/health answered (probe got {healthAtReady})");
        Assert.Contains(notify.Assignments, a => a.Key == "STATUS" && a.At >= ready.At);

        // Kill a worker: STATUS must say a worker is restarting (or was), naming the failure kind.
        var status = await supervisor.Api.GetStatusAsync();
        var victim = status.Workers.First(w => w.Id == "w0");
        Posix.Kill(victim.Pid!.Value, Posix.SIGKILL);
        await notify.WaitForAsync(a => a.Key == "STATUS" && a.Value.Contains("killed", StringComparison.Ordinal), Timeouts.Soon,
            "a STATUS naming the killed worker's failure kind");
        await notify.WaitForAsync(a => a.Key == "STATUS" && a.Value.StartsWith("2/2 workers idle", StringComparison.Ordinal) && a.At > ready.At,
            Timeouts.Soon, "STATUS back to 2/2 idle after the restart");

        var exitCode = await supervisor.TerminateAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, exitCode);
        await notify.WaitForAsync(a => a is { Key: "STOPPING", Value: "1" }, Timeouts.Soon, "STOPPING=1 after SIGTERM");
    }

    [Fact]
    public async Task Watchdog_is_petted_at_half_the_interval_while_healthy()
    {
        await using var notify = new NotifySocket();
        await using var supervisor = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1 }
            .WithEnv("NOTIFY_SOCKET", notify.Path)
            .WithEnv("WATCHDOG_USEC", WatchdogUsec));

        var first = await notify.WaitForAsync(a => a.Key == "WATCHDOG", Timeouts.Soon, "the first WATCHDOG=1");
        // Observe ~6 s: at a 1 s cadence that is about 6 pings. Bounds are loose (2 shared cores); the hard
        // requirement is systemd's: no gap as long as the watchdog interval itself.
        await Task.Delay(TimeSpan.FromSeconds(6));
        var pings = notify.Assignments.Where(a => a.Key == "WATCHDOG" && a.Value == "1").Select(a => a.At).ToList();
        var gaps = pings.Zip(pings.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        var report = string.Join(", ", gaps.Select(g => g.ToString("0.00", CultureInfo.InvariantCulture)));
        Assert.True(pings.Count(p => p >= first.At) >= 4, $"expected about 6 pings in 6 s at half of 2 s, got {pings.Count}: gaps {report}");
        Assert.True(gaps.All(g => g < WatchdogUsec / 1e6), $"a gap reached the {WatchdogUsec / 1e6} s watchdog interval: {report}");
        Assert.True(gaps.Average() is > 0.5 and < 1.5, $"the cadence should be about 1 s (half of 2 s): gaps {report}");
    }

    [Fact]
    public async Task Without_notify_socket_nothing_is_sent_and_the_server_runs_normally()
    {
        await using var supervisor = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1 });
        Assert.False(supervisor.Log.Contains("Notified systemd"), "the supervisor talked to systemd without NOTIFY_SOCKET");
    }
}
