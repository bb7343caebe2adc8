using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Supervisor;

public sealed class WorkerSpecParserTests
{
    public static TheoryData<string?, WorkerSpecKind, int[], bool, int> GoodSpecs => new()
    {
        { null, WorkerSpecKind.Auto, [], false, 0 },
        { "", WorkerSpecKind.Auto, [], false, 0 },
        { "   ", WorkerSpecKind.Auto, [], false, 0 },
        { "auto", WorkerSpecKind.Auto, [], false, 0 },
        { "AUTO", WorkerSpecKind.Auto, [], false, 0 },
        { "cpu", WorkerSpecKind.Devices, [], true, 0 },
        { "CPU", WorkerSpecKind.Devices, [], true, 0 },
        { "0,1", WorkerSpecKind.Devices, [0, 1], false, 0 },
        { " 1 , 0 ", WorkerSpecKind.Devices, [1, 0], false, 0 },
        { "0,cpu", WorkerSpecKind.Devices, [0], true, 0 },
        { "cpu,3", WorkerSpecKind.Devices, [3], true, 0 },
        { "gpu1", WorkerSpecKind.Devices, [1], false, 0 },
        { "GPU:2", WorkerSpecKind.Devices, [2], false, 0 },
        { "cuda:0", WorkerSpecKind.Devices, [0], false, 0 },
        { "cuda1,gpu2", WorkerSpecKind.Devices, [1, 2], false, 0 },
        { "1,", WorkerSpecKind.Devices, [1], false, 0 },
        { "0,", WorkerSpecKind.Devices, [0], false, 0 },
        { "1", WorkerSpecKind.Count, [], false, 1 },
        { "4", WorkerSpecKind.Count, [], false, 4 },
        { "64", WorkerSpecKind.Count, [], false, 64 },
    };

    [Theory]
    [MemberData(nameof(GoodSpecs))]
    public void Valid_specs_parse(string? text, WorkerSpecKind kind, int[] gpus, bool cpu, int count)
    {
        Assert.True(WorkerSpecParser.TryParse(text, out var spec, out var error), error);

        Assert.Null(error);
        Assert.Equal(kind, spec.Kind);
        Assert.Equal(gpus, spec.GpuIndices);
        Assert.Equal(cpu, spec.IncludeCpu);
        Assert.Equal(count, spec.Count);
    }

    public static TheoryData<string, string[]> BadSpecs => new()
    {
        { "0", ["--workers 0", "between 1 and 64"] },
        { "65", ["--workers 65", "between 1 and 64"] },
        { "a", ["'a'", "not a GPU index or 'cpu'"] },
        { "-1", ["'-1'", "not a GPU index"] },
        { "0,0", ["GPU 0 is listed twice"] },
        { "gpu1,1", ["GPU 1 is listed twice"] },
        { "cpu,cpu", ["'cpu' is listed twice"] },
        { ",", ["names no device"] },
        { ",,", ["names no device"] },
        { "gpu", ["'gpu'", "not a GPU index"] },
        { "0,256", ["'256'", "not a GPU index"] },
        { "0,x", ["'x'", "not a GPU index"] },
        { "1.5", ["'1.5'", "not a GPU index"] },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public void Invalid_specs_are_rejected_with_a_clear_error(string text, string[] expectedFragments)
    {
        Assert.False(WorkerSpecParser.TryParse(text, out _, out var error));

        Assert.NotNull(error);
        foreach (var fragment in expectedFragments)
            Assert.Contains(fragment, error);
    }

    [Fact]
    public void Error_for_an_unknown_entry_lists_what_is_accepted()
    {
        WorkerSpecParser.TryParse("gpuX", out _, out var error);

        Assert.Contains("auto", error);
        Assert.Contains("cpu", error);
        Assert.Contains("0,1", error);
        Assert.Contains("count", error);
    }
}
