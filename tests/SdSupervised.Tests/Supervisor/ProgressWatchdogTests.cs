using Microsoft.Extensions.Time.Testing;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Tests.Supervisor;

public sealed class ProgressWatchdogTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private string? StalledNow(ProgressWatchdog watchdog) => watchdog.Stalled(_time.GetUtcNow());

    [Fact]
    public void Not_stalled_before_the_limit()
    {
        var watchdog = new ProgressWatchdog(_time);
        watchdog.Start(TimeSpan.FromSeconds(120), "generating");

        _time.Advance(TimeSpan.FromSeconds(119.9));

        Assert.Null(StalledNow(watchdog));
    }

    [Fact]
    public void Stalled_at_the_limit_says_what_it_was_doing_and_that_nothing_was_reported()
    {
        var watchdog = new ProgressWatchdog(_time);
        watchdog.Start(TimeSpan.FromSeconds(120), "generating");

        _time.Advance(TimeSpan.FromSeconds(120));

        Assert.Equal("no progress for 120 s while generating (no progress reported yet)", StalledNow(watchdog));
    }

    [Fact]
    public void Stalled_message_names_the_last_progress()
    {
        var watchdog = new ProgressWatchdog(_time);
        watchdog.Start(TimeSpan.FromSeconds(30), "loading the model");
        _time.Advance(TimeSpan.FromSeconds(5));
        watchdog.Touch("Sampling step 3/20");

        _time.Advance(TimeSpan.FromSeconds(31));

        var message = StalledNow(watchdog);
        Assert.NotNull(message);
        Assert.Contains("no progress for 30 s", message);
        Assert.Contains("while loading the model", message);
        Assert.Contains("(last progress: Sampling step 3/20)", message);
    }

    [Fact]
    public void Touch_resets_the_clock()
    {
        var watchdog = new ProgressWatchdog(_time);
        watchdog.Start(TimeSpan.FromSeconds(10), "generating");

        for (var i = 1; i <= 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(9));
            watchdog.Touch($"Sampling step {i}/20");
            Assert.Null(StalledNow(watchdog));
        }

        _time.Advance(TimeSpan.FromSeconds(9.999));
        Assert.Null(StalledNow(watchdog));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Contains("Sampling step 5/20", StalledNow(watchdog));
    }

    [Fact]
    public void Stop_disarms_it()
    {
        var watchdog = new ProgressWatchdog(_time);
        watchdog.Start(TimeSpan.FromSeconds(10), "generating");

        watchdog.Stop();
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Null(StalledNow(watchdog));
    }

    [Fact]
    public void Never_started_is_never_stalled()
    {
        var watchdog = new ProgressWatchdog(_time);
        watchdog.Touch("Sampling step 1/20");

        _time.Advance(TimeSpan.FromDays(1));

        Assert.Null(StalledNow(watchdog));
    }

    [Fact]
    public void Start_again_rearms_with_the_new_limit_and_forgets_the_old_position()
    {
        var watchdog = new ProgressWatchdog(_time);
        watchdog.Start(TimeSpan.FromSeconds(600), "loading the model");
        watchdog.Touch("LoadingModel step 1/1");
        _time.Advance(TimeSpan.FromSeconds(100));

        watchdog.Start(TimeSpan.FromSeconds(10), "generating");
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Null(StalledNow(watchdog));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("no progress for 10 s while generating (no progress reported yet)", StalledNow(watchdog));
    }

    [Fact]
    public void Stopped_watchdog_can_be_started_again()
    {
        var watchdog = new ProgressWatchdog(_time);
        watchdog.Start(TimeSpan.FromSeconds(10), "generating");
        watchdog.Stop();

        watchdog.Start(TimeSpan.FromSeconds(10), "generating");
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.NotNull(StalledNow(watchdog));
    }
}
