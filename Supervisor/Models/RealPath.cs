using System.Runtime.InteropServices;

namespace SdSupervised.Supervisor.Models;

/// <summary>The canonical path of a file (every symlink and ".." resolved), to tell whether a link leaves the models directory.</summary>
internal static partial class RealPath
{
    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint NativeRealPath(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void NativeFree(nint pointer);

    /// <summary>The resolved path, or null when it does not resolve (a dangling link, a loop, no permission).</summary>
    public static string? Of(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return ResolveManaged(path);
        var resolved = NativeRealPath(path, 0);
        if (resolved == 0)
            return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            NativeFree(resolved);
        }
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or below it (both already canonical).</summary>
    public static bool IsInside(string path, string root)
    {
        var trimmed = root.TrimEnd(Path.DirectorySeparatorChar);
        return string.Equals(path, trimmed, StringComparison.Ordinal)
            || path.StartsWith(trimmed + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    private static string? ResolveManaged(string path)
    {
        try
        {
            var info = new FileInfo(path);
            var target = info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true);
            return target is null || !target.Exists && !Directory.Exists(target.FullName) ? null : Path.GetFullPath(target.FullName);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
