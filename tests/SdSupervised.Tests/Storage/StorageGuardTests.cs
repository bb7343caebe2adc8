using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SdSupervised.Supervisor.Storage;

namespace SdSupervised.Tests.Storage;

/// <summary>The free-space guard on a fake clock and a fake statvfs: refuses below MinFreeBytes, caches its reading, remembers failed writes.</summary>
public sealed class StorageGuardTests
{
    private const long MiB = 1024 * 1024;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly Dictionary<string, long?> _free = new() { ["/data"] = 900 * MiB, ["/data/outputs"] = 900 * MiB, ["/data/inputs"] = null };
    private int _reads;

    private StorageGuard Guard(long minFreeBytes) =>
        new(["/data", "/data/outputs", "/data/inputs"], minFreeBytes, _time, folder => { _reads++; return _free[folder]; }, NullLogger<StorageGuard>.Instance);

    [Fact]
    public void Below_min_free_bytes_submits_get_507_storage_full_with_retry_after_naming_the_setting_and_the_folder()
    {
        var guard = Guard(256 * MiB);
        Assert.Null(guard.Refusal());

        _free["/data/outputs"] = 100 * MiB;
        _time.Advance(StorageGuard.ReadingLifetime);
        var refusal = guard.Refusal();

        Assert.NotNull(refusal);
        Assert.Equal(global::SdSupervised.Supervisor.Generation.RefusalKind.StorageFull, refusal.Kind);
        Assert.Equal("storage_full", refusal.Code);
        Assert.Equal(StorageGuard.RetryAfter, refusal.RetryAfter);
        Assert.Contains("Sds:Storage:MinFreeBytes", refusal.Message);
        Assert.Contains("/data/outputs", refusal.Message);
        Assert.Equal(100 * MiB, guard.Current.FreeBytes);
    }

    [Fact]
    public void The_reading_is_kept_briefly_so_a_burst_of_submits_costs_one_statvfs_per_folder()
    {
        var guard = Guard(256 * MiB);
        for (var i = 0; i < 1000; i++)
            Assert.Null(guard.Refusal());
        Assert.Equal(3, _reads);

        _free["/data"] = 0;
        Assert.Null(guard.Refusal());
        _time.Advance(StorageGuard.ReadingLifetime);
        Assert.NotNull(guard.Refusal());
        Assert.Equal(6, _reads);
    }

    [Fact]
    public void Freed_space_is_seen_at_the_next_reading_and_submits_are_accepted_again()
    {
        var guard = Guard(256 * MiB);
        _free["/data"] = 10 * MiB;
        Assert.NotNull(guard.DegradedReason);

        _free["/data"] = 2000 * MiB;
        _time.Advance(StorageGuard.ReadingLifetime);
        Assert.Null(guard.DegradedReason);
        Assert.Null(guard.Refusal());
    }

    [Fact]
    public void Zero_min_free_bytes_refuses_only_once_nothing_is_left()
    {
        var guard = Guard(0);
        _free["/data"] = 4096;
        Assert.Null(guard.Refusal());

        _free["/data"] = 0;
        _time.Advance(StorageGuard.ReadingLifetime);
        Assert.NotNull(guard.Refusal());
    }

    [Fact]
    public void A_write_that_failed_for_lack_of_space_degrades_at_once_until_it_is_forgotten_even_when_statvfs_shows_room()
    {
        var guard = Guard(0);
        Assert.Null(guard.DegradedReason);

        guard.ReportFull(new SqliteException("database or disk is full", StorageFull.SqliteFullCode));
        Assert.Contains("SQLite error 13", guard.DegradedReason);
        Assert.NotNull(guard.Refusal());

        _time.Advance(StorageGuard.FailureMemory);
        Assert.Null(guard.DegradedReason);
    }

    [Fact]
    public void A_folder_whose_space_cannot_be_read_is_left_out_and_none_readable_is_not_degraded()
    {
        foreach (var key in _free.Keys.ToList())
            _free[key] = null;
        var guard = Guard(256 * MiB);

        Assert.Null(guard.Current.FreeBytes);
        Assert.Null(guard.Refusal());
    }
}
