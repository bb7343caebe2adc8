using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Supervisor;

/// <summary>Output of <c>nvidia-smi --query-gpu=index,name,memory.total --format=csv,noheader,nounits</c>.</summary>
public sealed class GpuDetectorParseTests
{
    public static TheoryData<string, GpuInfo[]> Outputs => new()
    {
        { "", [] },
        { "\n\n", [] },
        { "0, NVIDIA H100 80GB HBM3, 81559\n", [new GpuInfo(0, "NVIDIA H100 80GB HBM3", 81559)] },
        {
            "0, NVIDIA GeForce RTX 4090, 24564\n1, NVIDIA GeForce RTX 3090, 24576\n",
            [new GpuInfo(0, "NVIDIA GeForce RTX 4090", 24564), new GpuInfo(1, "NVIDIA GeForce RTX 3090", 24576)]
        },
        {
            "0, Tesla T4, 15360\r\n\r\n1, Tesla T4, 15360\r\n",
            [new GpuInfo(0, "Tesla T4", 15360), new GpuInfo(1, "Tesla T4", 15360)]
        },
        {
            "\n   \n0, NVIDIA A100-SXM4-40GB, 40960\n\n",
            [new GpuInfo(0, "NVIDIA A100-SXM4-40GB", 40960)]
        },
        { "No devices were found\n", [] },
        { "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n", [] },
        { "index, name, memory.total [MiB]\n0, Tesla V100-SXM2-16GB, 16160\n", [new GpuInfo(0, "Tesla V100-SXM2-16GB", 16160)] },
        { "x, junk, 1\n-1, negative, 1\n2, two fields\n3, Quadro RTX 8000, 46080\n", [new GpuInfo(3, "Quadro RTX 8000", 46080)] },
        { "0, NVIDIA L4, [N/A]\n", [new GpuInfo(0, "NVIDIA L4", 0)] },
    };

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Parses_nvidia_smi_csv(string csv, GpuInfo[] expected)
    {
        Assert.Equal(expected, GpuDetector.Parse(csv));
    }

    [Fact]
    public void Name_with_commas_keeps_every_part_and_the_memory_is_the_last_field()
    {
        var gpu = Assert.Single(GpuDetector.Parse("1, NVIDIA RTX A6000, Rev 2, Engineering Sample, 49140\n"));

        Assert.Equal(1, gpu.Index);
        Assert.Equal(49140, gpu.MemoryMiB);
        Assert.StartsWith("NVIDIA RTX A6000,", gpu.Name);
        Assert.Contains("Rev 2", gpu.Name);
        Assert.EndsWith("Engineering Sample", gpu.Name);
    }

    [Fact]
    public void Name_with_commas_is_kept_exactly_as_nvidia_smi_printed_it()
    {
        var gpu = Assert.Single(GpuDetector.Parse("1, NVIDIA RTX A6000, Rev 2, 49140\n"));

        Assert.Equal("NVIDIA RTX A6000, Rev 2", gpu.Name);
    }
}
