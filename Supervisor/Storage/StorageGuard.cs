using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Generation;

namespace SdSupervised.Supervisor.Storage;

/// <summary>
/// Refuses new jobs before the disk is full: a job accepted on a full disk would fail midway (its row, its inputs or its
/// outputs could not be written). Free space is read with statvfs for the data dir and its outputs and inputs folders
/// (one of them may be another file system), kept for <see cref="ReadingLifetime"/> because submit is a hot path. A write
/// that failed for lack of space anyway (<see cref="ReportFull"/>; a quota, or <c>MinFreeBytes</c> 0) keeps the service
/// degraded for <see cref="FailureMemory"/> even when statvfs shows room.
/// </summary>
public sealed class StorageGuard
{
    /// <summary>The stable error code of every "disk full" answer.</summary>
    public const string ErrorCode = "storage_full";
    /// <summary>How long a client should wait before it submits again: long enough for someone (or retention) to free space.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(60);
    internal static readonly TimeSpan ReadingLifetime = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan FailureMemory = TimeSpan.FromSeconds(30);

    private readonly string[] _folders;
    private readonly long _minFreeBytes;
    private readonly TimeProvider _time;
    private readonly Func<string, long?> _freeBytes;
    private readonly ILogger<StorageGuard> _logger;
    private readonly Lock _lock = new();
    private StorageReading? _reading;
    private (DateTimeOffset At, string What)? _lastFailure;
    private bool _wasDegraded;

    public StorageGuard(StoragePaths paths, IOptions<StorageOptions> options, TimeProvider time, ILogger<StorageGuard> logger)
        : this([paths.DataDir, paths.Outputs, paths.Inputs], options.Value.MinFreeBytes, time, FreeBytesOf, logger)
    {
    }

    internal StorageGuard(string[] folders, long minFreeBytes, TimeProvider time, Func<string, long?> freeBytes, ILogger<StorageGuard> logger)
    {
        _folders = folders;
        _minFreeBytes = minFreeBytes;
        _time = time;
        _freeBytes = freeBytes;
        _logger = logger;
    }

    /// <summary>The free space now (at most <see cref="ReadingLifetime"/> old).</summary>
    public StorageReading Current
    {
        get
        {
            var now = _time.GetUtcNow();
            var reading = _reading;
            if (reading is not null && now - reading.At < ReadingLifetime)
                return reading;
            lock (_lock)
            {
                if (_reading is null || now - _reading.At >= ReadingLifetime)
                    _reading = Read(now);
                return _reading;
            }
        }
    }

    /// <summary>Why new jobs are refused now, or null.</summary>
    public string? DegradedReason => Current.DegradedReason;

    /// <summary><c>storage_full</c> (507 on the wire) with Retry-After while storage is short, else null: one call on every submit path.</summary>
    public SubmitError? Refusal() => DegradedReason is { } reason
        ? new SubmitError(RefusalKind.StorageFull, ErrorCode,
            $"storage is full: {reason}. Free space on the data dir's disk (or set Sds:Retention to delete old jobs) and retry.",
            RetryAfter: RetryAfter)
        : null;

    /// <summary>A write failed for lack of space (<see cref="StorageFull.Is"/>): degraded at once, for <see cref="FailureMemory"/>.</summary>
    public void ReportFull(Exception exception)
    {
        lock (_lock)
        {
            _lastFailure = (_time.GetUtcNow(), StorageFull.Describe(exception));
            _reading = null;
        }
    }

    private StorageReading Read(DateTimeOffset now)
    {
        long? least = null;
        var where = _folders[0];
        foreach (var folder in _folders)
        {
            if (_freeBytes(folder) is { } free && (least is null || free < least))
                (least, where) = (free, folder);
        }

        string? reason = null;
        if (least is { } bytes && bytes < Math.Max(_minFreeBytes, 1))
            reason = $"only {Size(bytes)} free on the file system of {where} (Sds:Storage:MinFreeBytes is {Size(_minFreeBytes)})";
        else if (_lastFailure is { } failure && now - failure.At < FailureMemory)
            reason = $"a write failed for lack of space {(now - failure.At).TotalSeconds:0} s ago: {failure.What}";

        if ((reason is not null) != _wasDegraded)
        {
            _wasDegraded = reason is not null;
            if (reason is not null)
                _logger.LogWarning("Storage degraded, new jobs are refused with 507 storage_full: {Reason}", reason);
            else
                _logger.LogInformation("Storage has room again ({FreeBytes} bytes free on {Folder}); new jobs are accepted", least, where);
        }
        return new StorageReading(least, where, _minFreeBytes, now, reason);
    }

    /// <summary>statvfs' space available to the service user; null for a folder that does not exist (yet).</summary>
    private static long? FreeBytesOf(string folder)
    {
        try
        {
            return Directory.Exists(folder) ? new DriveInfo(folder).AvailableFreeSpace : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    internal static string Size(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / (1024.0 * 1024):0.#} MiB"
        : $"{bytes} bytes";
}
