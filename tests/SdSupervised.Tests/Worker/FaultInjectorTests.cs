using SdSupervised.Contracts;
using SdSupervised.Worker.Faults;
using SdSupervised.Worker.Logging;

namespace SdSupervised.Tests.Worker;

public sealed class FaultInjectorTests
{
    private readonly List<string> _log = [];

    [Theory]
    [InlineData(1, 20, 1)]
    [InlineData(7, 20, 7)]
    [InlineData(20, 20, 20)]
    [InlineData(0, 20, 1)]
    [InlineData(-3, 20, 1)]
    [InlineData(99, 20, 20)]
    public void Fault_step_is_clamped_into_the_sampling_steps(int requested, int steps, int armedAt)
    {
        var injector = new FaultInjector(enabled: true, Log());

        var armed = injector.Arm(new FaultSpec { Kind = InjectedFault.Segv, Step = requested }, steps, "job");

        Assert.Equal(new ArmedFault(InjectedFault.Segv, armedAt), armed);
    }

    [Fact]
    public void Without_permission_a_fault_is_not_armed_and_a_warning_says_why()
    {
        var injector = new FaultInjector(enabled: false, Log());

        var armed = injector.Arm(new FaultSpec { Kind = InjectedFault.Abort }, 10, "job-9");

        Assert.Null(armed);
        var line = Assert.Single(_log);
        Assert.StartsWith("warn: job job-9: fault 'Abort' ignored", line);
        Assert.Contains("--allow-fault-injection", line);
    }

    [Fact]
    public void No_fault_requested_arms_nothing_and_logs_nothing()
    {
        var injector = new FaultInjector(enabled: true, Log());

        Assert.Null(injector.Arm(null, 10, "job"));
        Assert.Empty(_log);
    }

    [Fact]
    public async Task Fail_fault_returns_the_error_of_a_clean_failure()
    {
        var injector = new FaultInjector(enabled: true, Log());

        var error = await injector.TriggerAsync(new ArmedFault(InjectedFault.Fail, 3), "job");

        Assert.Contains("step 3", error);
        Assert.Contains("injected fault 'fail'", error);
    }

    [Fact]
    public void Ggml_lines_have_the_shape_the_classifier_looks_for()
    {
        Assert.Matches(@"^\S+:\d+: GGML_ASSERT\(.+\) failed$", Assert.Single(GgmlFailureText.Assert));
        Assert.Equal("CUDA error: out of memory", GgmlFailureText.CudaOutOfMemory[0]);
        Assert.Equal("CUDA error: an illegal memory access was encountered", GgmlFailureText.CudaIllegalAddress[0]);
        foreach (var lines in new[] { GgmlFailureText.CudaOutOfMemory, GgmlFailureText.CudaIllegalAddress })
        {
            Assert.Matches(@"^  current device: 0, in function \w+ at \S+:\d+$", lines[1]);
            Assert.StartsWith("  cuda", lines[2]);
            Assert.Matches(@"^\S+:\d+: CUDA error$", lines[3]);
        }
    }

    private WorkerLog Log() => new(_log.Add);
}
