using SdSupervised.Worker.Engines.Native;

namespace SdSupervised.Tests.Native;

public sealed class NativeVersionPolicyTests
{
    [Theory]
    [InlineData("master-827-97d2990", "97d2990")]
    [InlineData("master-827-97d2990", "unknown")]
    [InlineData("unknown", "97d2990")]
    [InlineData("unknown", "97d2990807fe")]
    public void Pinned_library_is_accepted(string version, string commit)
    {
        Assert.Null(NativeVersionPolicy.Check(version, commit, allowUnpinned: false, out var warning));
        Assert.Null(warning);
    }

    [Fact]
    public void Unknown_version_is_refused_with_how_to_override()
    {
        var error = NativeVersionPolicy.Check("unknown", "unknown", allowUnpinned: false, out _);

        Assert.Equal(
            "the native library reports version 'unknown', commit 'unknown'; it was built without its version set (a build from a source export, not from a git checkout of the tag). " +
            "Use the pinned release (master-827-97d2990), or, if it is a build of exactly that tag, start the worker with --allow-unpinned-native (or set SDS_ALLOW_UNPINNED_NATIVE=1 for the supervisor)",
            error);
    }

    [Fact]
    public void Other_version_is_refused_because_of_the_struct_layout()
    {
        var error = NativeVersionPolicy.Check("master-900-abcdef0", "abcdef0", allowUnpinned: false, out _);

        Assert.NotNull(error);
        Assert.Contains("reports version 'master-900-abcdef0'", error);
        Assert.Contains("may lay out its structs differently", error);
        Assert.Contains("--allow-unpinned-native", error);
    }

    [Theory]
    [InlineData("unknown", "unknown")]
    [InlineData("master-900-abcdef0", "abcdef0")]
    public void Override_lets_any_version_through_with_a_warning(string version, string commit)
    {
        Assert.Null(NativeVersionPolicy.Check(version, commit, allowUnpinned: true, out var warning));
        Assert.NotNull(warning);
        Assert.Contains("--allow-unpinned-native", warning);
    }

    [Fact]
    public void A_short_commit_prefix_is_not_enough()
    {
        Assert.False(NativeVersionPolicy.IsPinned("unknown", "97d"));
    }
}
