using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Models;

/// <summary>
/// The model catalog: the current <see cref="CatalogSnapshot"/> and the scans that replace it. Scans run one at a
/// time on the thread pool, never on a request's thread; requests that arrive during a scan share the next one.
/// Readers always get a complete snapshot at once, so listing never waits for a scan.
/// </summary>
public sealed class ModelCatalog
{
    private readonly ModelScanner _scanner;
    private readonly ModelsOptions _options;
    private readonly ILogger<ModelCatalog> _logger;
    private readonly Lock _gate = new();
    private readonly Lock _scanLock = new();
    private readonly TaskCompletionSource _firstScan = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CatalogSnapshot _snapshot;
    private IReadOnlyDictionary<string, ScanCacheItem> _cache = new Dictionary<string, ScanCacheItem>();
    private TaskCompletionSource<CatalogSnapshot>? _next;
    private bool _loopRunning;
    private volatile bool _scanning;

    public ModelCatalog(IOptions<SupervisorOptions> supervisor, IOptions<ModelsOptions> options, ModelScanner scanner, ILogger<ModelCatalog> logger)
    {
        _scanner = scanner;
        _options = options.Value;
        _logger = logger;
        Root = Path.GetFullPath(supervisor.Value.ModelsDir).TrimEnd(Path.DirectorySeparatorChar);
        _snapshot = CatalogSnapshot.Empty(Root);
        WatchedFolders = [Root, .. ModelFolders.Resolve(Root, _options.Folders).Where(f => f.RelativePrefix is null).Select(f => f.FullPath)];
    }

    /// <summary>The folders a scan reads: the models directory, then each type's folder outside it.</summary>
    public IReadOnlyList<string> WatchedFolders { get; }

    /// <summary>The models directory, absolute.</summary>
    public string Root { get; }

    public CatalogSnapshot Current => Volatile.Read(ref _snapshot);

    /// <summary>A scan is running right now.</summary>
    public bool Scanning => _scanning;

    /// <summary>Asks for a scan. The task completes with the snapshot of a scan that started after this call.</summary>
    public Task<CatalogSnapshot> RequestScan()
    {
        lock (_gate)
        {
            _next ??= new TaskCompletionSource<CatalogSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
            var task = _next.Task;
            if (!_loopRunning)
            {
                _loopRunning = true;
                _ = Task.Run(ScanLoop);
            }
            return task;
        }
    }

    /// <summary>
    /// The current snapshot, once the first scan after start is done (or <see cref="ModelsOptions.FirstScanWaitSeconds"/>
    /// passed): name lookups right after start must not call a model unknown because the scan has not finished yet.
    /// </summary>
    public async Task<CatalogSnapshot> WhenReadyAsync(CancellationToken cancellationToken)
    {
        if (!_firstScan.Task.IsCompleted)
        {
            try
            {
                await _firstScan.Task.WaitAsync(TimeSpan.FromSeconds(_options.FirstScanWaitSeconds), cancellationToken);
            }
            catch (TimeoutException)
            {
                _logger.LogWarning("The first model scan has not finished after {Seconds} s; answering from what is known", _options.FirstScanWaitSeconds);
            }
        }
        return Current;
    }

    /// <summary>Scans now on the calling thread, waiting for a running scan first. For the scan loop and tests.</summary>
    public CatalogSnapshot ScanNow()
    {
        lock (_scanLock)
        {
            _scanning = true;
            try
            {
                var result = _scanner.Scan(Root, _cache);
                _cache = result.Cache;
                var ids = ModelIds.Assign(result.Entries.Select(e => e.RelativePath));
                var entries = result.Entries.Select(e => e with { Id = ids[e.RelativePath] }).ToList();
                var snapshot = new CatalogSnapshot(Root, CompanionResolver.WithRequirements(entries), result.Stats);
                Volatile.Write(ref _snapshot, snapshot);
                _firstScan.TrySetResult();
                var s = result.Stats;
                if (!s.DirectoryExists)
                    _logger.LogInformation("Model catalog is empty: {ModelsDir} does not exist", Root);
                else
                    _logger.LogInformation("Model catalog: {Files} file(s) in {ModelsDir} ({HeadersRead} read, {FromCache} unchanged, {Invalid} invalid, {Skipped} skipped) in {Ms} ms",
                        s.Files, Root, s.HeadersRead, s.FromCache, s.Invalid, s.Skipped.Count, (int)s.Duration.TotalMilliseconds);
                return snapshot;
            }
            finally
            {
                _scanning = false;
            }
        }
    }

    private void ScanLoop()
    {
        while (true)
        {
            TaskCompletionSource<CatalogSnapshot> waiting;
            lock (_gate)
            {
                if (_next is null)
                {
                    _loopRunning = false;
                    return;
                }
                waiting = _next;
                _next = null;
            }
            try
            {
                waiting.TrySetResult(ScanNow());
            }
            catch (Exception ex)
            {
                // A scan bug must not leave the catalog stuck: keep the last snapshot and say so.
                _logger.LogError(ex, "Model scan of {ModelsDir} failed; keeping the previous catalog", Root);
                _firstScan.TrySetResult();
                waiting.TrySetResult(Current);
            }
        }
    }
}
