using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Storage;

namespace SdSupervised.Supervisor.Observability;

/// <summary>
/// Measures the outputs folder every <see cref="MetricsOptions.OutputsScanSeconds"/>: a directory walk is too slow for
/// every scrape of a large data dir, and the figure moves slowly anyway. Null until the first walk.
/// </summary>
public sealed class OutputsSizeProbe(StoragePaths paths, IOptions<MetricsOptions> options, TimeProvider time, ILogger<OutputsSizeProbe> logger) : BackgroundService
{
    private long _bytes = -1;

    public long? Bytes => Interlocked.Read(ref _bytes) is var b and >= 0 ? b : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = options.Value.OutputsScanSeconds;
        if (seconds == 0)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Interlocked.Exchange(ref _bytes, await Task.Run(() => Measure(paths.Outputs), stoppingToken));
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("Could not measure the outputs folder {Path}: {Error}", paths.Outputs, ex.Message);
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

    /// <summary>Bytes of every file under <paramref name="root"/>; files removed mid-walk (retention) are skipped.</summary>
    public static long Measure(string root)
    {
        if (!Directory.Exists(root))
            return 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        return new DirectoryInfo(root).EnumerateFiles("*", options).Sum(f => f.Length);
    }
}
