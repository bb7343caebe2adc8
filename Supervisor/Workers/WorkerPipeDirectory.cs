using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using SdSupervised.Supervisor.Storage;

namespace SdSupervised.Supervisor.Workers;

/// <summary>
/// The folder the workers' pipe sockets live in: the service's own runtime directory (<c>$RUNTIME_DIRECTORY</c> under
/// systemd), else <c>&lt;data-dir&gt;/run/</c>. On Unix .NET takes a rooted pipe name as the socket's path, so workers get
/// the full path. A supervisor killed with -9 leaves its workers' sockets behind; they are removed at the next start,
/// which is safe because the data-dir lock is held by then (nobody else uses this folder).
/// </summary>
public sealed partial class WorkerPipeDirectory
{
    /// <summary><c>sun_path</c> is 108 bytes on Linux, its terminating NUL included.</summary>
    public const int MaxSocketPathBytes = 107;

    /// <summary>Room kept for a socket's file name, <c>&lt;slot id&gt;-&lt;sequence&gt;.sock</c>.</summary>
    internal const int NameReserve = 32;

    private const string Suffix = ".sock";

    private readonly ILogger<WorkerPipeDirectory> _logger;
    private readonly string _namePrefix = "";
    private int _sequence;

    public WorkerPipeDirectory(StoragePaths paths, ILogger<WorkerPipeDirectory> logger)
    {
        _logger = logger;
        var (directory, fallbackReason) = Choose(Environment.GetEnvironmentVariable("RUNTIME_DIRECTORY"), paths.Run, EffectiveUserId());
        if (fallbackReason is not null)
            _logger.LogWarning("Worker pipes go to {PipeDirectory}: {Reason}", directory, fallbackReason);
        if (Prepare(directory) is { } error)
        {
            // Shared with everything else in the temp folder: names unique to this process, and nothing is cleaned there.
            Path = System.IO.Path.GetTempPath();
            _namePrefix = $"sds-{Environment.ProcessId}-";
            _logger.LogError("Cannot use the worker pipe folder {PipeDirectory} ({Error}); worker sockets go to {Fallback}", directory, error, Path);
        }
        else
        {
            Path = directory;
            _logger.LogInformation("Worker pipe sockets in {PipeDirectory}", Path);
        }
    }

    public string Path { get; }

    /// <summary>A fresh socket path for one worker process of <paramref name="slotId"/>.</summary>
    public string NewSocketPath(string slotId) =>
        System.IO.Path.Combine(Path, $"{_namePrefix}{slotId}-{Interlocked.Increment(ref _sequence)}{Suffix}");

    /// <summary>Removes a worker's socket once it exited (a killed worker cannot remove its own).</summary>
    public static void Delete(string socketPath)
    {
        try
        {
            File.Delete(socketPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// The folder to use and, when it is not the preferred one, why: a preferred folder whose sockets' paths would pass
    /// <see cref="MaxSocketPathBytes"/> gives way to a short per-user folder, one per preferred folder (so a restart on
    /// the same data dir finds and removes its own stale sockets, and two data dirs never share one).
    /// </summary>
    internal static (string Directory, string? FallbackReason) Choose(string? runtimeDirectory, string dataDirRun, uint userId)
    {
        // systemd lists several runtime directories separated by ':'; ours is the first (RuntimeDirectory=sd-supervised).
        var runtime = runtimeDirectory?.Split(':', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(System.IO.Path.IsPathRooted);
        var preferred = runtime ?? dataDirRun;
        var bytes = Encoding.UTF8.GetByteCount(preferred) + 1 + NameReserve;
        if (bytes <= MaxSocketPathBytes)
            return (preferred, null);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(preferred)))[..12];
        var fallback = $"/tmp/sds-{userId}/{hash}";
        return (fallback, $"socket paths under '{preferred}' would be longer than the {MaxSocketPathBytes} bytes a Unix socket path may have");
    }

    /// <summary>Creates the folder (owner only) and removes sockets a killed supervisor's workers left in it; null, or what failed.</summary>
    private string? Prepare(string directory)
    {
        try
        {
            if (OperatingSystem.IsWindows())
                Directory.CreateDirectory(directory);
            else
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var stale = 0;
            foreach (var socket in Directory.EnumerateFiles(directory, "*" + Suffix))
            {
                Delete(socket);
                stale++;
            }
            if (stale > 0)
                _logger.LogInformation("Removed {SocketCount} stale worker socket(s) from {PipeDirectory}", stale, directory);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ex.Message;
        }
    }

    private static uint EffectiveUserId() => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() ? GetEffectiveUserId() : 0;

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
