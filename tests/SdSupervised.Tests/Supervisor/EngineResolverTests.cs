using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Supervisor;

public sealed class EngineResolverTests
{
    private const string WorkerDir = "/opt/sds/worker";
    private const string Cuda12Library = "/opt/sds/worker/runtimes/linux-x64/native/cuda12/libstable-diffusion.so";
    private const string BackendLibrary = "/opt/sds/worker/runtimes/linux-x64/native/libstable-diffusion.so";
    private const string ConfiguredLibrary = "/srv/sd/build/bin/libstable-diffusion.so";

    private static Func<string, bool> Existing(params string[] paths) => p => paths.Contains(p, StringComparer.Ordinal);

    private static SupervisorOptions Options(EngineSelection engine, string? nativeLibrary = null) =>
        new() { Engine = engine, NativeLibrary = nativeLibrary };

    [Fact]
    public void Synthetic_requested_is_synthetic_even_when_the_library_exists()
    {
        var decision = EngineResolver.Decide(Options(EngineSelection.Synthetic, ConfiguredLibrary), WorkerDir, Existing(ConfiguredLibrary, Cuda12Library));

        Assert.Equal(EngineKind.Synthetic, decision.Kind);
        Assert.Equal(EngineSelection.Synthetic, decision.Requested);
        Assert.Null(decision.NativeLibraryPath);
        Assert.Contains("--engine synthetic", decision.Reason);
    }

    [Fact]
    public void Native_requested_and_found_uses_the_configured_library()
    {
        var decision = EngineResolver.Decide(Options(EngineSelection.Native, ConfiguredLibrary), WorkerDir, Existing(ConfiguredLibrary));

        Assert.Equal(EngineKind.Native, decision.Kind);
        Assert.Equal(EngineSelection.Native, decision.Requested);
        Assert.Equal(ConfiguredLibrary, decision.NativeLibraryPath);
        Assert.Contains(ConfiguredLibrary, decision.Reason);
    }

    [Fact]
    public void Native_requested_and_not_found_stays_native_and_says_what_was_tried_and_how_to_fix_it()
    {
        var decision = EngineResolver.Decide(Options(EngineSelection.Native, ConfiguredLibrary), WorkerDir, Existing());

        Assert.Equal(EngineKind.Native, decision.Kind);
        Assert.Null(decision.NativeLibraryPath);
        Assert.Contains("not found", decision.Reason);
        Assert.Contains(ConfiguredLibrary, decision.Reason);
        Assert.Contains(Cuda12Library, decision.Reason);
        Assert.Contains(BackendLibrary, decision.Reason);
        Assert.Contains("/usr/lib/libstable-diffusion.so", decision.Reason);
        Assert.Contains("--native-library", decision.Reason);
        Assert.Contains("SDS_NATIVE_LIBRARY", decision.Reason);
    }

    [Fact]
    public void Auto_with_the_backend_library_beside_the_worker_is_native()
    {
        var decision = EngineResolver.Decide(Options(EngineSelection.Auto), WorkerDir, Existing(BackendLibrary));

        Assert.Equal(EngineKind.Native, decision.Kind);
        Assert.Equal(EngineSelection.Auto, decision.Requested);
        Assert.Equal(BackendLibrary, decision.NativeLibraryPath);
        Assert.Contains(BackendLibrary, decision.Reason);
    }

    [Fact]
    public void Auto_without_a_library_falls_back_to_synthetic_loudly()
    {
        var decision = EngineResolver.Decide(Options(EngineSelection.Auto), WorkerDir, Existing());

        Assert.Equal(EngineKind.Synthetic, decision.Kind);
        Assert.Null(decision.NativeLibraryPath);
        Assert.Contains("SYNTHETIC", decision.Reason);
        Assert.Contains("not found", decision.Reason);
        Assert.Contains(Cuda12Library, decision.Reason);
        Assert.Contains("--native-library", decision.Reason);
    }

    [Fact]
    public void Cuda12_backend_wins_over_the_plain_backend()
    {
        var decision = EngineResolver.Decide(Options(EngineSelection.Auto), WorkerDir, Existing(BackendLibrary, Cuda12Library));

        Assert.Equal(Cuda12Library, decision.NativeLibraryPath);
    }

    [Fact]
    public void Configured_library_wins_over_the_backend_layout()
    {
        var decision = EngineResolver.Decide(Options(EngineSelection.Auto, ConfiguredLibrary), WorkerDir, Existing(Cuda12Library, ConfiguredLibrary));

        Assert.Equal(ConfiguredLibrary, decision.NativeLibraryPath);
    }

    [Fact]
    public void System_library_is_found_last()
    {
        var decision = EngineResolver.Decide(Options(EngineSelection.Auto), WorkerDir, Existing("/usr/lib/libstable-diffusion.so"));

        Assert.Equal(EngineKind.Native, decision.Kind);
        Assert.Equal("/usr/lib/libstable-diffusion.so", decision.NativeLibraryPath);
    }

    [Fact]
    public void Candidates_are_option_environment_cuda12_backend_then_system_folders()
    {
        var candidates = EngineResolver.LibraryCandidates("/a/libstable-diffusion.so", "/b/libstable-diffusion.so", WorkerDir);

        var ldLibraryPath = (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "libstable-diffusion.so"));
        string[] expected =
        [
            "/a/libstable-diffusion.so",
            "/b/libstable-diffusion.so",
            Cuda12Library,
            BackendLibrary,
            .. ldLibraryPath,
            "/usr/local/lib/libstable-diffusion.so",
            "/usr/lib/x86_64-linux-gnu/libstable-diffusion.so",
            "/usr/lib/libstable-diffusion.so",
        ];
        Assert.Equal(expected.Distinct(), candidates);
    }

    [Fact]
    public void Candidates_without_option_or_environment_start_with_the_backend_layout()
    {
        var candidates = EngineResolver.LibraryCandidates(null, " ", WorkerDir);

        Assert.Equal(Cuda12Library, candidates[0]);
        Assert.Equal(BackendLibrary, candidates[1]);
        Assert.Equal("/usr/lib/libstable-diffusion.so", candidates[^1]);
    }

    [Fact]
    public void Relative_configured_path_is_made_absolute()
    {
        var candidates = EngineResolver.LibraryCandidates("lib/libstable-diffusion.so", null, WorkerDir);

        Assert.Equal(Path.GetFullPath("lib/libstable-diffusion.so"), candidates[0]);
        Assert.True(Path.IsPathRooted(candidates[0]));
    }

    [Fact]
    public void Same_path_from_option_and_environment_is_listed_once()
    {
        var candidates = EngineResolver.LibraryCandidates(ConfiguredLibrary, ConfiguredLibrary, WorkerDir);

        Assert.Single(candidates, c => c == ConfiguredLibrary);
        Assert.Equal(candidates.Count, candidates.Distinct().Count());
    }
}
