using System.Reflection;
using System.Runtime.InteropServices;

namespace SdSupervised.Worker.Native;

/// <summary>
/// Points <see cref="SdNative"/>'s imports at the file <see cref="NativeLibraryResolver"/> found, through the
/// runtime's DllImport resolver, so the library is never looked up by name on the loader path behind our back.
/// A process binds one library, once.
/// </summary>
public static class SdLibraryBinding
{
    private static readonly object Gate = new();
    private static nint s_handle;
    private static string? s_path;

    /// <summary>The bound file, or null before <see cref="Bind"/>.</summary>
    public static string? BoundPath
    {
        get { lock (Gate) return s_path; }
    }

    /// <summary>Loads <paramref name="candidate"/> and routes the imports to it. Binding the same file again is a no-op.</summary>
    public static void Bind(NativeLibraryCandidate candidate)
    {
        lock (Gate)
        {
            if (s_path is not null)
            {
                if (s_path == candidate.Path)
                    return;
                throw new InvalidOperationException($"the native library is already bound to {s_path}; a worker binds one library");
            }

            var handle = NativeLibrary.Load(candidate.Path);
            var missing = SdNative.RequiredExports.Where(name => !NativeLibrary.TryGetExport(handle, name, out _)).ToList();
            if (missing.Count > 0)
            {
                NativeLibrary.Free(handle);
                throw new MissingExportsException(candidate, missing);
            }

            s_handle = handle;
            s_path = candidate.Path;
            NativeLibrary.SetDllImportResolver(typeof(SdNative).Assembly, Resolve);
        }
    }

    /// <summary>Whether the bound library exports <paramref name="name"/> (for the optional functions); false before <see cref="Bind"/>.</summary>
    public static bool HasExport(string name)
    {
        lock (Gate)
            return s_handle != 0 && NativeLibrary.TryGetExport(s_handle, name, out _);
    }

    /// <summary>
    /// sd.cpp's release builds load their ggml backends (CPU variants, CUDA) at run time as separate files
    /// (GGML_BACKEND_DL) and look for them beside the executable and in the working directory, which for us
    /// is the worker's folder, not the library's. When no backend is registered yet, load them from the folder
    /// of the library we bound. Returns what it did, for the log; null when there was nothing to do (backends
    /// built in, or a library without those ggml exports).
    /// </summary>
    public static unsafe string? LoadDynamicBackends()
    {
        nint handle;
        string path;
        lock (Gate)
        {
            if (s_path is null)
                throw new InvalidOperationException("bind the library first");
            handle = s_handle;
            path = s_path;
        }

        if (!NativeLibrary.TryGetExport(handle, "ggml_backend_dev_count", out var countExport) ||
            !NativeLibrary.TryGetExport(handle, "ggml_backend_load_all_from_path", out var loadExport))
            return null;
        var count = (delegate* unmanaged[Cdecl]<nuint>)countExport;
        if (count() > 0)
            return null;

        if (!Path.IsPathRooted(path) || !File.Exists(path))
            return null; // found through the system loader: ggml's own search is all we have
        var directory = Path.GetDirectoryName(path) ?? ".";
        using var arena = new NativeArena();
        ((delegate* unmanaged[Cdecl]<byte*, void>)loadExport)(arena.Utf8(directory));
        return $"loaded ggml backends from {directory}: {count()} device(s)";
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == SdNative.LibraryName ? s_handle : 0;
}
