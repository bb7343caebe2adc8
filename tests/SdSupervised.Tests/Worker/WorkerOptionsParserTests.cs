using SdSupervised.Contracts;
using SdSupervised.Worker;

namespace SdSupervised.Tests.Worker;

public sealed class WorkerOptionsParserTests
{
    private const string Required = "--pipe p1 --worker-id gpu0 --engine synthetic";

    public static TheoryData<string, WorkerOptions> GoodLines => new()
    {
        {
            Required,
            new WorkerOptions { PipeName = "p1", WorkerId = "gpu0", Engine = EngineKind.Synthetic }
        },
        {
            "--engine native --worker-id cpu --pipe sds-abc --native-library /opt/sd/libstable-diffusion.so",
            new WorkerOptions { PipeName = "sds-abc", WorkerId = "cpu", Engine = EngineKind.Native, NativeLibrary = "/opt/sd/libstable-diffusion.so" }
        },
        {
            Required + " --allow-fault-injection --synthetic-step-ms 5 --synthetic-load-ms 0 --rpc-formatter json",
            new WorkerOptions
            {
                PipeName = "p1", WorkerId = "gpu0", Engine = EngineKind.Synthetic, AllowFaultInjection = true,
                SyntheticStepMs = 5, SyntheticLoadMs = 0, RpcFormatter = RpcFormatterKind.Json,
            }
        },
        {
            "--pipe=p1 --worker-id=gpu0 --engine=SYNTHETIC --rpc-formatter=msgpack --connect-timeout-ms=250",
            new WorkerOptions
            {
                PipeName = "p1", WorkerId = "gpu0", Engine = EngineKind.Synthetic,
                RpcFormatter = RpcFormatterKind.MessagePack, ConnectTimeout = TimeSpan.FromMilliseconds(250),
            }
        },
        {
            Required + " --otlp-endpoint http://127.0.0.1:4318/v1/traces --otlp-protocol http",
            new WorkerOptions
            {
                PipeName = "p1", WorkerId = "gpu0", Engine = EngineKind.Synthetic,
                OtlpEndpoint = new Uri("http://127.0.0.1:4318/v1/traces"), OtlpHttp = true,
            }
        },
    };

    [Theory]
    [MemberData(nameof(GoodLines))]
    public void Good_command_line_parses(string line, WorkerOptions expected)
    {
        Assert.Equal(expected, WorkerOptionsParser.Parse(Split(line)));
    }

    [Fact]
    public void Defaults_match_the_documented_values()
    {
        var options = WorkerOptionsParser.Parse(Split(Required));

        Assert.False(options.AllowFaultInjection);
        Assert.Equal(50, options.SyntheticStepMs);
        Assert.Equal(200, options.SyntheticLoadMs);
        Assert.Equal(RpcFormatterKind.MessagePack, options.RpcFormatter);
        Assert.Equal(TimeSpan.FromSeconds(60), options.ConnectTimeout);
        Assert.Null(options.NativeLibrary);
        Assert.Null(options.OtlpEndpoint);
    }

    public static TheoryData<string, string> BadLines => new()
    {
        { "", "--pipe <name> is required" },
        { "--worker-id gpu0 --engine synthetic", "--pipe <name> is required" },
        { "--pipe p1 --engine synthetic", "--worker-id <id> is required" },
        { "--pipe p1 --worker-id gpu0", "--engine synthetic|native is required" },
        { "--pipe p1 --worker-id gpu0 --engine bogus", "unknown engine 'bogus' (--engine): use synthetic or native" },
        { Required + " --rpc-formatter xml", "unknown RPC formatter 'xml' (--rpc-formatter): use msgpack or json" },
        { Required + " --synthetic-step-ms fast", "--synthetic-step-ms must be a whole number of milliseconds from 0 to 600000, got 'fast'" },
        { Required + " --synthetic-step-ms -5", "--synthetic-step-ms must be a whole number of milliseconds" },
        { Required + " --synthetic-load-ms 600001", "--synthetic-load-ms must be a whole number of milliseconds" },
        { Required + " --connect-timeout-ms 0", "--connect-timeout-ms must be a whole number of milliseconds from 1" },
        { Required + " --synthetic-step-ms", "--synthetic-step-ms needs a value" },
        { "--pipe --worker-id gpu0 --engine synthetic", "--pipe needs a value" },
        { "--pipe= --worker-id gpu0 --engine synthetic", "--pipe needs a non-empty value" },
        { Required + " --pipe p2", "--pipe is given twice" },
        { Required + " --allow-fault-injection --allow-fault-injection", "--allow-fault-injection is given twice" },
        { Required + " --allow-fault-injection=yes", "--allow-fault-injection takes no value" },
        { Required + " --turbo", "unknown option '--turbo'" },
        { Required + " extra", "unexpected argument 'extra'" },
        { Required + " --otlp-endpoint collector:4317", "--otlp-endpoint must be an absolute http(s) URL, got 'collector:4317'" },
        { Required + " --otlp-endpoint http://127.0.0.1:4317 --otlp-protocol udp", "unknown OTLP protocol 'udp' (--otlp-protocol): use grpc or http" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public void Bad_command_line_is_a_startup_error_saying_what_is_wrong(string line, string reason)
    {
        var error = Assert.Throws<WorkerStartupException>(() => WorkerOptionsParser.Parse(Split(line)));

        Assert.StartsWith(reason, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Structural_mistakes_carry_the_usage()
    {
        var error = Assert.Throws<WorkerStartupException>(() => WorkerOptionsParser.Parse(Split(Required + " --turbo")));

        Assert.EndsWith(WorkerOptionsParser.Usage, error.Message);
    }

    private static string[] Split(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
