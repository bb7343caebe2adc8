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
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, FileSystemWatcher> _watchers = new(StringComparer.Ordinal);
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
        foreach (var folder in catalog.WatchedFolders)
            EnsureWatcher(folder, rescan);
    }

    private void EnsureWatcher(string folder, bool rescan)
    {
        if (_watchers.ContainsKey(folder) || !Directory.Exists(folder))
            return;
        try
        {
            var watcher = new FileSystemWatcher(folder)
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
                logger.LogWarning(e.GetException(), "Watching {ModelsDir} failed; rescanning, and watching again shortly", folder);
                if (_watchers.TryRemove(folder, out var failed))
                    failed.Dispose();
                Touch();
            };
            watcher.EnableRaisingEvents = true;
            _watchers[folder] = watcher;
            logger.LogDebug("Watching {ModelsDir} for model changes", folder);
            // Files may have arrived between the last scan and the watcher starting.
            if (rescan)
                catalog.RequestScan();
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            logger.LogWarning("Cannot watch {ModelsDir} for changes ({Error}); use POST /api/models/refresh after adding models", folder, ex.Message);
        }
    }

    /// <summary>Restarts the quiet period: a copy of a 20 GB file is one scan, not thousands.</summary>
    private void Touch() => _debounce?.Change(TimeSpan.FromMilliseconds(options.Value.WatchDebounceMs), Timeout.InfiniteTimeSpan);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var folder in _watchers.Keys)
        {
            if (_watchers.TryRemove(folder, out var watcher))
                watcher.Dispose();
        }
        if (_debounce is not null)
            await _debounce.DisposeAsync();
        await base.StopAsync(cancellationToken);
    }
}
