using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Tests.Supervisor;

public sealed class SupervisorOptionsValidatorTests
{
    private static IReadOnlyList<string> Failures(SupervisorOptions options)
    {
        var result = new SupervisorOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures!] : [];
    }

    [Fact]
    public void Defaults_are_valid()
    {
        var result = new SupervisorOptionsValidator().Validate(null, new SupervisorOptions());

        Assert.True(result.Succeeded, string.Join("; ", result.Failures ?? []));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65535)]
    public void Valid_ports_pass(int port)
    {
        Assert.Empty(Failures(new SupervisorOptions { Port = port }));
    }

    public static TheoryData<string, Action<SupervisorOptions>, string[]> Invalid => new()
    {
        { "port too large", o => o.Port = 70000, ["--port 70000", "1-65535"] },
        { "negative port", o => o.Port = -1, ["--port -1"] },
        { "empty host", o => o.Host = " ", ["Host"] },
        { "empty data dir", o => o.DataDir = "", ["--data-dir"] },
        { "workers listed twice", o => o.Workers = "0,0", ["GPU 0 is listed twice"] },
        { "zero workers", o => o.Workers = "0", ["--workers 0"] },
        { "junk workers", o => o.Workers = "gpuX", ["'gpuX'"] },
        { "negative step time", o => o.SyntheticStepMs = -1, ["--synthetic-step-ms -1"] },
        { "huge load time", o => o.SyntheticLoadMs = 600_001, ["--synthetic-load-ms 600001"] },
        { "max attempts zero", o => o.Resilience.MaxAttempts = 0, ["Resilience:MaxAttempts", "1", "100"] },
        { "stall timeout zero", o => o.Resilience.StallTimeoutSeconds = 0, ["Resilience:StallTimeoutSeconds"] },
        { "breaker ratio above one", o => o.Resilience.BreakerFailureRatio = 1.5, ["Resilience:BreakerFailureRatio"] },
        { "breaker throughput one", o => o.Resilience.BreakerMinimumThroughput = 1, ["Resilience:BreakerMinimumThroughput"] },
        { "max steps zero", o => o.Limits.MaxSteps = 0, ["Limits:MaxSteps"] },
        { "min size too small", o => o.Limits.MinSize = 4, ["Limits:MinSize"] },
        { "min above max size", o => { o.Limits.MinSize = 1024; o.Limits.MaxSize = 512; }, ["Limits:MinSize (1024)", "Limits:MaxSize (512)"] },
        { "restart delay above max", o => { o.Resilience.RestartDelayMs = 5000; o.Resilience.RestartMaxDelayMs = 1000; }, ["Resilience:RestartDelayMs"] },
        { "missing worker executable", o => o.WorkerExecutable = "/nonexistent/sds-worker-" + Guid.NewGuid().ToString("N"), ["--worker-executable", "does not exist"] },
        { "native engine with a count", o => { o.Engine = EngineSelection.Native; o.Workers = "2"; }, ["--workers 2", "native"] },
        { "empty default model", o => o.DefaultModel = "", ["DefaultModel"] },
        { "all interfaces without --auth", o => o.Host = "0.0.0.0", ["--host 0.0.0.0", "--auth", "--auth none"] },
        { "a LAN address without --auth", o => o.Host = "192.0.2.10", ["--host 192.0.2.10", "choose a method"] },
        { "unknown auth method", o => o.Auth.Method = "kerberos", ["'kerberos'", "api-key"] },
        { "short signing key", o => o.Auth.SigningKey = "short", ["Auth:SigningKey", "32 bytes"] },
        { "bootstrap admin without password", o => o.Auth.BootstrapAdmin = "root", ["Auth:BootstrapAdmin", "NAME:PASSWORD"] },
        { "known proxy that is no address", o => o.Http.KnownProxies = ["proxy.local"], ["'proxy.local'", "KnownProxies"] },
        { "recycle after zero jobs", o => o.Recycle.AfterJobs = 0, ["Recycle:AfterJobs"] },
        { "recycle above the whole device", o => o.Recycle.MemoryThresholdPercent = 150, ["Recycle:MemoryThresholdPercent"] },
        { "slot recycle factor above one", o => o.Slots["gpu1"] = new SlotOverrideOptions { Recycle = new RecycleOptions { LoweredFactor = 2 } }, ["Slots:gpu1:Recycle:LoweredFactor"] },
        { "empty pinned model name", o => o.Slots["gpu0"] = new SlotOverrideOptions { Models = ["flux*", " "] }, ["Slots:gpu0:Models", "empty names"] },
        { "simulated device of no size", o => o.Slots["w0"] = new SlotOverrideOptions { SimulatedDeviceMemoryBytes = 0 }, ["Slots:w0:SimulatedDeviceMemoryBytes"] },
    };

    [Theory]
    [InlineData("127.0.0.1", null)]
    [InlineData("::1", null)]
    [InlineData("localhost", null)]
    [InlineData("0.0.0.0", "none")]
    [InlineData("0.0.0.0", "api-key")]
    [InlineData("::", "jwt")]
    public void Loopback_or_a_chosen_method_may_start(string host, string? method)
    {
        Assert.Empty(Failures(new SupervisorOptions { Host = host, Auth = new AuthOptions { Method = method } }));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_setting_is_reported_in_one_clear_line(string scenario, Action<SupervisorOptions> change, string[] fragments)
    {
        var options = new SupervisorOptions();
        change(options);

        var failures = Failures(options);

        var failure = Assert.Single(failures);
        foreach (var fragment in fragments)
            Assert.True(failure.Contains(fragment, StringComparison.Ordinal), $"{scenario}: '{failure}' lacks '{fragment}'");
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var options = new SupervisorOptions { Port = 70000, Workers = "cpu,cpu" };
        options.Resilience.MaxAttempts = 0;
        options.Limits.MaxBatch = 0;

        var failures = Failures(options);

        Assert.Equal(4, failures.Count);
        Assert.Contains(failures, f => f.Contains("--port", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'cpu' is listed twice", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Resilience:MaxAttempts", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Limits:MaxBatch", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0,1")]
    [InlineData("cpu")]
    [InlineData("auto")]
    public void Native_engine_with_devices_is_valid(string workers)
    {
        Assert.Empty(Failures(new SupervisorOptions { Engine = EngineSelection.Native, Workers = workers }));
    }

    [Fact]
    public void Synthetic_engine_with_a_count_is_valid()
    {
        Assert.Empty(Failures(new SupervisorOptions { Engine = EngineSelection.Synthetic, Workers = "4" }));
    }

    [Fact]
    public void Existing_worker_executable_is_valid()
    {
        Assert.Empty(Failures(new SupervisorOptions { WorkerExecutable = typeof(SupervisorOptionsValidatorTests).Assembly.Location }));
    }

    [Fact]
    public void Equal_min_and_max_size_is_valid()
    {
        var options = new SupervisorOptions();
        options.Limits.MinSize = 512;
        options.Limits.MaxSize = 512;

        Assert.Empty(Failures(options));
    }
}
