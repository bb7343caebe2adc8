using System.Diagnostics;

namespace SdSupervised.IntegrationTests.Infrastructure;

/// <summary>
/// A real, small file system (tmpfs) mounted at a fresh folder, for storage-fault tests: fill it to make "no space
/// left on device" real, or remount it read-only. Needs root and mount(8); <see cref="CanMount"/> says whether this
/// machine allows it (decided once, by trying), and <see cref="TmpfsFactAttribute"/> skips a test with the reason.
/// Disposing unmounts and removes the folder.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private static readonly Lazy<string?> s_unavailable = new(Probe);

    private readonly bool _ownsFolder;

    private TmpfsMount(string path, bool ownsFolder)
    {
        Path = path;
        _ownsFolder = ownsFolder;
    }

    public string Path { get; }

    /// <summary>Null when tmpfs can be mounted here, otherwise why not.</summary>
    public static string? Unavailable => s_unavailable.Value;

    public static bool CanMount => Unavailable is null;

    /// <param name="at">An existing folder to mount over (e.g. a running supervisor's outputs folder, which it keeps no
    /// handle on); by default a fresh folder of its own.</param>
    public static TmpfsMount Create(long sizeBytes, string? at = null)
    {
        var path = at ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sds-tmpfs", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={sizeBytes},mode=0777", "tmpfs", path);
        if (code != 0)
        {
            if (at is null)
                Directory.Delete(path);
            throw new InvalidOperationException($"mount -t tmpfs failed ({code}): {output}");
        }
        return new TmpfsMount(path, ownsFolder: at is null);
    }

    /// <summary>Writes one file until the file system is full (ENOSPC), leaving at most a few KiB free.</summary>
    public void Fill(string name = "filler")
    {
        var buffer = new byte[64 * 1024];
        using var stream = new FileStream(System.IO.Path.Combine(Path, name), FileMode.Create, FileAccess.Write);
        try
        {
            while (true)
                stream.Write(buffer);
        }
        catch (IOException)
        {
            // ENOSPC: full. A smaller write may still fit in the last partial block.
        }
        for (var size = 32 * 1024; size >= 512; size /= 2)
        {
            try { stream.Write(buffer, 0, size); stream.Flush(); }
            catch (IOException) { }
        }
        try { stream.Dispose(); } catch (IOException) { }
    }

    /// <summary>Frees what <see cref="Fill"/> took.</summary>
    public void Free(string name = "filler") => File.Delete(System.IO.Path.Combine(Path, name));

    public void RemountReadOnly(bool readOnly = true)
    {
        var (code, output) = Run("mount", "-o", readOnly ? "remount,ro" : "remount,rw", Path);
        if (code != 0)
            throw new InvalidOperationException($"remount of {Path} failed ({code}): {output}");
    }

    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    public void Dispose()
    {
        // Lazy unmount: a process that still holds a file there (a killed supervisor's SQLite) must not block cleanup.
        Run("umount", "-l", Path);
        if (_ownsFolder)
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
            return "tmpfs mounts need Linux";
        if (Environment.UserName != "root" && geteuid() != 0)
            return "mounting a tmpfs needs root";
        try
        {
            using var probe = Create(1024 * 1024);
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            return $"cannot mount a tmpfs here: {ex.Message}";
        }
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Trim());
    }
}

/// <summary>A fact that shows as skipped, with the reason, where this machine cannot mount a tmpfs (not root, no mount).</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (TmpfsMount.Unavailable is { } why)
            Skip = why;
    }
}
