using System.Globalization;
using CliWrap;
using CliWrap.Buffered;
using Microsoft.Extensions.Options;

namespace SdSupervised.Supervisor.Observability;

/// <summary>
/// Polls <c>nvidia-smi</c> (through CliWrap) every <see cref="MetricsOptions.GpuPollSeconds"/> for the GPU gauges. A
/// machine without it is told once in the log and never asked again; a failing poll keeps the last reading out
/// (stale GPU figures would mislead more than none).
/// </summary>
public sealed class GpuUsagePoller(IOptions<MetricsOptions> options, TimeProvider time, ILogger<GpuUsagePoller> logger) : BackgroundService
{
    private volatile IReadOnlyList<GpuUsage> _current = [];

    public IReadOnlyList<GpuUsage> Current => _current;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = options.Value.GpuPollSeconds;
        if (seconds == 0)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                var result = await Cli.Wrap("nvidia-smi")
                    .WithArguments(["--query-gpu=index,memory.used,memory.total,utilization.gpu", "--format=csv,noheader,nounits"])
                    .WithValidation(CommandResultValidation.None)
                    .ExecuteBufferedAsync(timeout.Token);
                _current = result.ExitCode == 0 ? Parse(result.StandardOutput) : [];
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                _current = [];
                logger.LogWarning("nvidia-smi did not answer within 10 s; GPU metrics are missing until it does");
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                logger.LogDebug(ex, "nvidia-smi could not be started");
                logger.LogInformation("No nvidia-smi here; GPU metrics are off");
                return;
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(seconds), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Parses <c>index, memory.used [MiB], memory.total [MiB], utilization.gpu [%]</c> lines; a field nvidia-smi cannot read ("[N/A]") drops the line.</summary>
    public static IReadOnlyList<GpuUsage> Parse(string csv)
    {
        var gpus = new List<GpuUsage>();
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split(',', StringSplitOptions.TrimEntries);
            if (f.Length != 4
                || !int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                || !long.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var used)
                || !long.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var total)
                || !double.TryParse(f[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var utilization))
                continue;
            gpus.Add(new GpuUsage(index, used * 1024 * 1024, total * 1024 * 1024, utilization / 100));
        }
        return gpus;
    }
}
