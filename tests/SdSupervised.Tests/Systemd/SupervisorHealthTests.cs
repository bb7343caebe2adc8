using Microsoft.Extensions.Time.Testing;
using SdSupervised.Supervisor.Hosting.Systemd;

namespace SdSupervised.Tests.Systemd;

public sealed class SupervisorHealthTests
{
    [Fact]
    public void Unhealthy_when_http_does_not_answer()
    {
        var health = new SupervisorHealth(lastLoopAt: () => DateTimeOffset.UnixEpoch, new FakeTimeProvider(DateTimeOffset.UnixEpoch));

        Assert.Contains("HTTP", health.Check(httpAnswered: false));
    }

    [Fact]
    public void Healthy_while_the_scheduler_turns_and_unhealthy_once_it_stalls()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var lastLoop = clock.GetUtcNow();
        var health = new SupervisorHealth(() => lastLoop, clock);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(health.Check(httpAnswered: true));

        clock.Advance(SupervisorHealth.SchedulerStallLimit);
        Assert.Contains("scheduler", health.Check(httpAnswered: true));

        lastLoop = clock.GetUtcNow();
        Assert.Null(health.Check(httpAnswered: true));
    }
}
