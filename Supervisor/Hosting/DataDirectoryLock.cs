using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace SdSupervised.Supervisor.Hosting;

/// <summary>
/// One supervisor per data directory: an exclusive <c>flock</c> on <c>&lt;data-dir&gt;/sd-supervised.lock</c>, held for the
/// life of the process and released by the kernel when it dies however it dies (kill -9 included). The file records the
/// holder's pid for the second instance's one line. The file is never deleted: unlinking a lock file lets a third process
/// lock a fresh inode while the second still holds the old one.
/// </summary>
/// <remarks>
/// Raw <c>open(2)</c>/<c>flock(2)</c>, not <see cref="FileStream"/>: .NET emulates <see cref="FileShare"/> with its own
/// <c>flock</c> on every file it opens (and skips it when DOTNET_SYSTEM_IO_DISABLEFILELOCKING is set), so the second
/// instance could not even read the holder's pid, and the lock would depend on an environment variable. The descriptor is
/// opened <c>O_CLOEXEC</c>: a worker that inherited it would keep the data dir locked after the supervisor died.
/// </remarks>
public sealed partial class DataDirectoryLock : IDisposable
{
    public const string FileName = "sd-supervised.lock";

    // Linux values (the same on x86-64 and arm64).
    private const int O_RDONLY = 0x0;
    private const int O_RDWR = 0x2;
    private const int O_CREAT = 0x40;
    private const int O_CLOEXEC = 0x80000;
    private const int LOCK_EX = 2;
    private const int LOCK_NB = 4;
    private const int EWOULDBLOCK = 11;
    private const int EINTR = 4;

    private readonly SafeFileHandle _handle;

    private DataDirectoryLock(string path, SafeFileHandle handle)
    {
        Path = path;
        _handle = handle;
    }

    /// <summary>The lock file's full path.</summary>
    public string Path { get; }

    /// <summary>Takes the lock without waiting: the lock, or who holds it, or why it could not be tried.</summary>
    public static DataDirectoryLockResult TryAcquire(string dataDir)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetFullPath(dataDir), FileName);
        if (!OperatingSystem.IsLinux())
            return new DataDirectoryLockResult(null, null, null, "the data-dir lock needs Linux; running without it");

        var fd = Open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0b110_100_100);
        if (fd < 0)
            return new DataDirectoryLockResult(null, null, $"cannot open the lock file '{path}': {Describe(Marshal.GetLastPInvokeError())}", null);
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        int result;
        do
            result = Flock(fd, LOCK_EX | LOCK_NB);
        while (result < 0 && Marshal.GetLastPInvokeError() == EINTR);
        if (result < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            return errno == EWOULDBLOCK
                ? new DataDirectoryLockResult(null, ReadHolder(path), null, null)
                : new DataDirectoryLockResult(null, null, $"cannot lock '{path}': {Describe(errno)}", null);
        }

        // Ours now: the pid inside is whatever a previous holder left; replace it.
        var pid = Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        RandomAccess.SetLength(handle, 0);
        RandomAccess.Write(handle, pid, 0);
        return new DataDirectoryLockResult(new DataDirectoryLock(path, handle), null, null, null);
    }

    /// <summary>Releases the lock (closing the descriptor does); the file stays.</summary>
    public void Dispose() => _handle.Dispose();

    /// <summary>The pid the holder wrote, or null when it cannot be read (it may be writing it right now).</summary>
    private static int? ReadHolder(string path)
    {
        var fd = Open(path, O_RDONLY | O_CLOEXEC, 0);
        if (fd < 0)
            return null;
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        var buffer = new byte[32];
        try
        {
            var read = RandomAccess.Read(handle, buffer, 0);
            return int.TryParse(Encoding.ASCII.GetString(buffer, 0, read).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);
}
