using System.Runtime.InteropServices;

namespace SdSupervised.Worker.Native;

/// <summary>
/// Finds libstable-diffusion.so: --native-library, then SDS_NATIVE_LIBRARY, then the StableDiffusion.NET
/// backend layout beside the worker (CUDA 12 first, then CPU), then the system loader. Pure: the candidate
/// list and the probe are passed in, so the order and the error text are unit-tested without a library.
/// </summary>
public sealed class NativeLibraryResolver(IReadOnlyList<NativeLibraryCandidate> candidates, Func<NativeLibraryCandidate, string?> probe)
{
    public const string LibraryFileName = "libstable-diffusion.so";
    public const string EnvironmentVariable = "SDS_NATIVE_LIBRARY";

    /// <summary>The worker's search order. Options that were not given add no candidate.</summary>
    public static IReadOnlyList<NativeLibraryCandidate> StandardCandidates(string? commandLinePath, string? environmentPath, string baseDirectory)
    {
        var list = new List<NativeLibraryCandidate>();
        if (!string.IsNullOrWhiteSpace(commandLinePath))
            list.Add(new NativeLibraryCandidate(Path.GetFullPath(commandLinePath), "--native-library"));
        if (!string.IsNullOrWhiteSpace(environmentPath))
            list.Add(new NativeLibraryCandidate(Path.GetFullPath(environmentPath), EnvironmentVariable));
        list.Add(new NativeLibraryCandidate(
            Path.Combine(baseDirectory, "runtimes", "linux-x64", "native", "cuda12", LibraryFileName), "CUDA 12 backend beside the worker"));
        list.Add(new NativeLibraryCandidate(
            Path.Combine(baseDirectory, "runtimes", "linux-x64", "native", LibraryFileName), "CPU backend beside the worker"));
        list.Add(new NativeLibraryCandidate(LibraryFileName, "system loader", SystemLoader: true));
        return list;
    }

    /// <summary>
    /// The real probe: null when dlopen succeeds, otherwise why not (missing file, or dlerror's text,
    /// which names a missing dependency such as libcudart).
    /// </summary>
    public static string? ProbeWithDlopen(NativeLibraryCandidate candidate)
    {
        if (!candidate.SystemLoader && !File.Exists(candidate.Path))
            return "no such file";
        try
        {
            NativeLibrary.Load(candidate.Path);
            return null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            return candidate.SystemLoader ? "not found on the loader's search path" : $"exists but could not be loaded: {ex.Message}";
        }
    }

    /// <summary>Tries each candidate in order and stops at the first one the probe accepts.</summary>
    public NativeLibraryResolution Resolve()
    {
        var failed = new List<NativeLibraryAttempt>();
        foreach (var candidate in candidates)
        {
            var failure = probe(candidate);
            if (failure is null)
                return new NativeLibraryResolution(candidate, failed);
            failed.Add(new NativeLibraryAttempt(candidate, failure));
        }

        return new NativeLibraryResolution(null, failed);
    }
}
