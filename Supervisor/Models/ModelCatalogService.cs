using Microsoft.Extensions.Options;

namespace SdSupervised.Supervisor.Models;

/// <summary>
/// Keeps the catalog current: the first scan at start (in the background, so the API is up at once), then a
/// rescan after file-system changes settle (<see cref="ModelsOptions.WatchDebounceMs"/>). A models directory that
/// appears later gets its watcher within a minute, or at the next POST /api/models/refresh.
/// </summary>
public sealed class ModelCatalogService(ModelCatalog catalog, IOptions<ModelsOptions> options, TimeProvider time, ILogger<ModelCatalogService> logger)
    : BackgroundService
{
    private static readonly TimeSpan WatcherRetry = TimeSpan.FromSeconds(30);
    private FileSystemWatcher? _watcher;
    private ITimer? _debounce;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _debounce = time.CreateTimer(_ => catalog.RequestScan(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var watch = options.Value.Watch;
        if (watch)
            EnsureWatcher(rescan: false);
        await catalog.RequestScan().WaitAsync(stoppingToken);
        while (watch && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(WatcherRetry, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            EnsureWatcher(rescan: true);
        }
    }

    private void EnsureWatcher(bool rescan)
    {
        if (_watcher is not null || !Directory.Exists(catalog.Root))
            return;
        try
        {
            var watcher = new FileSystemWatcher(catalog.Root)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.Size | NotifyFilters.LastWrite,
            };
            watcher.Created += (_, _) => Touch();
            watcher.Deleted += (_, _) => Touch();
            watcher.Changed += (_, _) => Touch();
            watcher.Renamed += (_, _) => Touch();
            watcher.Error += (_, e) =>
            {
                logger.LogWarning(e.GetException(), "Watching {ModelsDir} failed; rescanning, and watching again shortly", catalog.Root);
                _watcher?.Dispose();
                _watcher = null;
                Touch();
            };
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
            logger.LogDebug("Watching {ModelsDir} for model changes", catalog.Root);
            // Files may have arrived between the last scan and the watcher starting.
            if (rescan)
                catalog.RequestScan();
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            logger.LogWarning("Cannot watch {ModelsDir} for changes ({Error}); use POST /api/models/refresh after adding models", catalog.Root, ex.Message);
        }
    }

    /// <summary>Restarts the quiet period: a copy of a 20 GB file is one scan, not thousands.</summary>
    private void Touch() => _debounce?.Change(TimeSpan.FromMilliseconds(options.Value.WatchDebounceMs), Timeout.InfiniteTimeSpan);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _watcher?.Dispose();
        _watcher = null;
        if (_debounce is not null)
            await _debounce.DisposeAsync();
        await base.StopAsync(cancellationToken);
    }
}
