using SdSupervised.Worker;

namespace SdSupervised.Tests.Native;

public sealed class NativeWorkerOptionsTests
{
    private static readonly string[] Base = ["--pipe", "p", "--worker-id", "gpu0", "--engine", "native"];

    [Fact]
    public void Native_flags_default_to_pinned_only_and_eager_loading()
    {
        var options = WorkerOptionsParser.Parse(Base);

        Assert.False(options.AllowUnpinnedNative);
        Assert.True(options.NativeEagerLoad);
    }

    [Fact]
    public void Allow_unpinned_native_and_lazy_load_are_flags()
    {
        var options = WorkerOptionsParser.Parse([.. Base, "--allow-unpinned-native", "--native-lazy-load"]);

        Assert.True(options.AllowUnpinnedNative);
        Assert.False(options.NativeEagerLoad);
    }

    [Fact]
    public void Allow_unpinned_native_takes_no_value()
    {
        var error = Assert.Throws<WorkerStartupException>(() => WorkerOptionsParser.Parse([.. Base, "--allow-unpinned-native=yes"]));

        Assert.StartsWith("--allow-unpinned-native takes no value", error.Message);
    }

    [Fact]
    public void Usage_mentions_the_native_flags()
    {
        Assert.Contains("[--allow-unpinned-native]", WorkerOptionsParser.Usage);
        Assert.Contains("[--native-lazy-load]", WorkerOptionsParser.Usage);
    }
}
