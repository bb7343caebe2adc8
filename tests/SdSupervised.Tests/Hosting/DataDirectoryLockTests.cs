using SdSupervised.Supervisor.Hosting;

namespace SdSupervised.Tests.Hosting;

/// <summary>The data-dir lock is a real flock: a second taker (even in this process) is refused and told the holder's pid.</summary>
public sealed class DataDirectoryLockTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("sds-lock-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public void A_second_taker_is_refused_with_the_holders_pid_until_the_holder_lets_go()
    {
        var first = DataDirectoryLock.TryAcquire(_dataDir);
        Assert.NotNull(first.Lock);

        var second = DataDirectoryLock.TryAcquire(_dataDir);
        Assert.True(second.HeldElsewhere);
        Assert.Equal(Environment.ProcessId, second.HolderPid);

        first.Lock.Dispose();
        var third = DataDirectoryLock.TryAcquire(_dataDir).Lock;
        Assert.NotNull(third);
        third.Dispose();
        // Read only once unlocked: .NET's own file opening takes a shared flock, which the holder's lock refuses.
        Assert.Equal($"{Environment.ProcessId}\n", File.ReadAllText(Path.Combine(_dataDir, DataDirectoryLock.FileName)));
    }

    [Fact]
    public void The_lock_descriptor_is_close_on_exec_so_workers_never_inherit_it()
    {
        using var held = DataDirectoryLock.TryAcquire(_dataDir).Lock!;

        var fd = Directory.EnumerateFileSystemEntries("/proc/self/fd")
            .First(link => new FileInfo(link).LinkTarget == held.Path);
        var flags = File.ReadLines($"/proc/self/fdinfo/{Path.GetFileName(fd)}").First(l => l.StartsWith("flags:", StringComparison.Ordinal));
        var octal = Convert.ToInt32(flags["flags:".Length..].Trim(), 8);
        const int O_CLOEXEC = 0x80000;
        Assert.True((octal & O_CLOEXEC) != 0, $"the lock's descriptor lacks O_CLOEXEC: {flags}");
    }
}
