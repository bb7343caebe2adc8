using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Workers;

/// <summary>
/// Decides native or synthetic for <c>--engine auto</c> by looking for libstable-diffusion.so where the worker
/// would (without loading it here: the native library never runs in the supervisor's process).
/// </summary>
public static class EngineResolver
{
    public const string LibraryFileName = "libstable-diffusion.so";

    public static EngineDecision Decide(SupervisorOptions options, string workerDirectory, Func<string, bool>? fileExists = null)
    {
        fileExists ??= File.Exists;
        var candidates = LibraryCandidates(options.NativeLibrary, Environment.GetEnvironmentVariable("SDS_NATIVE_LIBRARY"), workerDirectory);
        var found = candidates.FirstOrDefault(fileExists);
        return options.Engine switch
        {
            EngineSelection.Synthetic => new EngineDecision(EngineKind.Synthetic, options.Engine, "synthetic engine requested with --engine synthetic", null),
            EngineSelection.Native => new EngineDecision(EngineKind.Native, options.Engine,
                found is null ? $"native engine requested but {LibraryFileName} was not found (tried: {string.Join(", ", candidates)}); set --native-library or SDS_NATIVE_LIBRARY"
                              : $"native engine requested; library {found}", found),
            _ when found is not null => new EngineDecision(EngineKind.Native, options.Engine, $"auto: found {found}", found),
            _ => new EngineDecision(EngineKind.Synthetic, options.Engine,
                $"auto: {LibraryFileName} not found (tried: {string.Join(", ", candidates)}), so workers run the SYNTHETIC engine (procedural images, no model). Set --native-library or SDS_NATIVE_LIBRARY for real generation", null),
        };
    }

    /// <summary>The order the worker itself uses: explicit option, environment, the StableDiffusion.NET backend layout beside the worker, system library folders.</summary>
    public static IReadOnlyList<string> LibraryCandidates(string? configured, string? environment, string workerDirectory)
    {
        var list = new List<string>();
        if (!string.IsNullOrWhiteSpace(configured)) list.Add(Path.GetFullPath(configured));
        if (!string.IsNullOrWhiteSpace(environment)) list.Add(Path.GetFullPath(environment));
        list.Add(Path.Combine(workerDirectory, "runtimes", "linux-x64", "native", "cuda12", LibraryFileName));
        list.Add(Path.Combine(workerDirectory, "runtimes", "linux-x64", "native", LibraryFileName));
        foreach (var dir in (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            list.Add(Path.Combine(dir, LibraryFileName));
        list.Add(Path.Combine("/usr/local/lib", LibraryFileName));
        list.Add(Path.Combine("/usr/lib/x86_64-linux-gnu", LibraryFileName));
        list.Add(Path.Combine("/usr/lib", LibraryFileName));
        return list.Distinct(StringComparer.Ordinal).ToList();
    }
}
