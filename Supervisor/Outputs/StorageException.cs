namespace SdSupervised.Supervisor.Outputs;

/// <summary>
/// The supervisor's own file I/O failed (disk full, read-only file system, permission denied) while writing or
/// reading a job's files. A job that meets it fails as <see cref="Workers.FailureKind.StorageError"/>; it is never
/// taken for a worker failure. The message is what a person reads: "no space left on device writing outputs/ID/00-1.png".
/// </summary>
public sealed class StorageException(string message, Exception inner) : IOException(message, inner)
{
    public const int NoSpaceErrno = 28;

    /// <summary>True when the disk (or the file system's quota) is full.</summary>
    public bool IsDiskFull => IsNoSpace(InnerException);

    public static bool IsNoSpace(Exception? ex) => ex is IOException { HResult: NoSpaceErrno };

    /// <summary>Wraps an I/O failure of <paramref name="doing"/> (e.g. "writing outputs/ID/00-1.png"); other exceptions are not ours to wrap.</summary>
    public static bool TryWrap(Exception ex, string doing, out StorageException wrapped)
    {
        wrapped = null!;
        if (ex is StorageException already)
        {
            wrapped = already;
            return true;
        }
        if (ex is not (IOException or UnauthorizedAccessException))
            return false;
        wrapped = new StorageException($"{Describe(ex)} {doing}", ex);
        return true;
    }

    /// <summary>
    /// The OS's reason, without the temp file's path .NET puts in its messages. On Unix an <see cref="IOException"/>'s
    /// HResult is the errno; the common ones get their plain names (preallocation reports ENOSPC in other words).
    /// </summary>
    private static string Describe(Exception ex)
    {
        switch (ex)
        {
            case UnauthorizedAccessException:
                return "permission denied";
            case IOException { HResult: NoSpaceErrno }:
                return "no space left on device";
            case IOException { HResult: 30 }:
                return "read-only file system";
            case IOException { HResult: 122 }:
                return "disk quota exceeded";
        }
        var text = ex.Message;
        var cut = text.IndexOf(" : '", StringComparison.Ordinal);
        if (cut > 0)
            text = text[..cut];
        return text.Length > 1 ? char.ToLowerInvariant(text[0]) + text[1..] : text;
    }
}
