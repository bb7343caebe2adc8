using SdSupervised.Worker.Native;

namespace SdSupervised.Tests.Worker;

public sealed class NativeLibraryResolverTests
{
    private const string Base = "/opt/sds/worker";

    [Fact]
    public void Search_order_is_option_environment_cuda_cpu_then_system_loader()
    {
        var candidates = NativeLibraryResolver.StandardCandidates("/x/from-option.so", "/y/from-env.so", Base);

        Assert.Equal(
            [
                "/x/from-option.so",
                "/y/from-env.so",
                "/opt/sds/worker/runtimes/linux-x64/native/cuda12/libstable-diffusion.so",
                "/opt/sds/worker/runtimes/linux-x64/native/libstable-diffusion.so",
                "libstable-diffusion.so",
            ],
            candidates.Select(c => c.Path));
        Assert.Equal(["--native-library", "SDS_NATIVE_LIBRARY"], candidates.Take(2).Select(c => c.Source));
        Assert.True(candidates[^1].SystemLoader);
        Assert.All(candidates.SkipLast(1), c => Assert.False(c.SystemLoader));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "  ")]
    public void Options_not_given_add_no_candidate(string? option, string? environment)
    {
        var candidates = NativeLibraryResolver.StandardCandidates(option, environment, Base);

        Assert.Equal(3, candidates.Count);
        Assert.EndsWith("cuda12/libstable-diffusion.so", candidates[0].Path);
    }

    [Fact]
    public void Relative_option_path_is_made_absolute()
    {
        var candidates = NativeLibraryResolver.StandardCandidates("lib/libstable-diffusion.so", null, Base);

        Assert.Equal(Path.GetFullPath("lib/libstable-diffusion.so"), candidates[0].Path);
    }

    [Fact]
    public void First_candidate_the_probe_accepts_wins_and_later_ones_are_not_tried()
    {
        var candidates = NativeLibraryResolver.StandardCandidates("/x/option.so", "/y/env.so", Base);
        var probed = new List<string>();
        var resolver = new NativeLibraryResolver(candidates, c =>
        {
            probed.Add(c.Path);
            return c.Path.Contains("/native/libstable-diffusion.so") ? null : "no such file";
        });

        var resolution = resolver.Resolve();

        Assert.Equal("/opt/sds/worker/runtimes/linux-x64/native/libstable-diffusion.so", resolution.Found?.Path);
        Assert.Equal(4, probed.Count);
        Assert.Equal(probed.Take(3), resolution.Failed.Select(a => a.Candidate.Path));
    }

    [Fact]
    public void Nothing_found_names_every_path_tried_with_its_reason_and_what_to_do()
    {
        var candidates = NativeLibraryResolver.StandardCandidates("/x/option.so", "/y/env.so", Base);
        var resolver = new NativeLibraryResolver(candidates, c => c.SystemLoader ? "not found on the loader's search path" : "no such file");

        var resolution = resolver.Resolve();
        var reason = resolution.NotFoundReason();

        Assert.Null(resolution.Found);
        Assert.Equal(5, resolution.Failed.Count);
        foreach (var candidate in candidates)
            Assert.Contains(candidate.Path, reason);
        Assert.Contains("/x/option.so (--native-library): no such file", reason);
        Assert.Contains("/y/env.so (SDS_NATIVE_LIBRARY): no such file", reason);
        Assert.Contains("libstable-diffusion.so via the system loader: not found on the loader's search path", reason);
        Assert.EndsWith("Set --native-library or SDS_NATIVE_LIBRARY, or use --engine synthetic", reason);
        // The order in the message is the search order.
        Assert.True(reason.IndexOf("/x/option.so", StringComparison.Ordinal) < reason.IndexOf("/y/env.so", StringComparison.Ordinal));
        Assert.True(reason.IndexOf("cuda12", StringComparison.Ordinal) < reason.IndexOf("via the system loader", StringComparison.Ordinal));
    }

    [Fact]
    public void Real_probe_reports_a_missing_file()
    {
        var missing = new NativeLibraryCandidate($"/nonexistent-{Guid.NewGuid():N}/libstable-diffusion.so", "test");

        Assert.Equal("no such file", NativeLibraryResolver.ProbeWithDlopen(missing));
    }

    [Fact]
    public void Real_probe_reports_a_file_that_is_not_a_library()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not an ELF file");

            var failure = NativeLibraryResolver.ProbeWithDlopen(new NativeLibraryCandidate(path, "test"));

            Assert.StartsWith("exists but could not be loaded", failure);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
