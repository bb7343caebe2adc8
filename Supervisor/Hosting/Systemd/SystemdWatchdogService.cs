using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace SdSupervised.Supervisor.Hosting.Systemd;

/// <summary>
/// When systemd sets <c>WATCHDOG_USEC</c>, sends <c>WATCHDOG=1</c> at half that interval, but only while
/// <see cref="SupervisorHealth"/> passes: a supervisor whose HTTP server or scheduler is wedged stops petting,
/// and systemd restarts it.
/// </summary>
public sealed class SystemdWatchdogService(
    SystemdNotifier notifier,
    SupervisorHealth health,
    IServer server,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<SystemdWatchdogService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!notifier.IsEnabled || WatchdogInterval() is not { } interval)
            return;

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);

        var period = interval / 2;
        logger.LogInformation("systemd watchdog enabled: interval {IntervalMs} ms, petting every {PeriodMs} ms while healthy",
            (int)interval.TotalMilliseconds, (int)period.TotalMilliseconds);
        using var http = new HttpClient { Timeout = period / 2 };
        var healthUrl = HealthUrl();
        string? lastProblem = null;
        using var timer = new PeriodicTimer(period, time);
        do
        {
            var problem = health.Check(await AnswersAsync(http, healthUrl, stoppingToken));
            if (problem is null)
            {
                notifier.Notify("WATCHDOG=1");
                if (lastProblem is not null)
                    logger.LogInformation("Healthy again; petting the systemd watchdog");
            }
            else if (problem != lastProblem)
            {
                logger.LogError("Not petting the systemd watchdog: {Problem}", problem);
            }
            lastProblem = problem;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>WATCHDOG_USEC, when it is meant for this process (WATCHDOG_PID unset or ours).</summary>
    public static TimeSpan? WatchdogInterval()
    {
        var pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if (!string.IsNullOrEmpty(pid) && pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
            return null;
        return long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec) && usec > 0
            ? TimeSpan.FromMicroseconds(usec)
            : null;
    }

    private string HealthUrl()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:8080";
        var uri = new UriBuilder(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
            uri.Host = "127.0.0.1";
        uri.Path = "/api/health";
        return uri.Uri.ToString();
    }

    private static async Task<bool> AnswersAsync(HttpClient http, string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
