using SdSupervised.Supervisor.Observability;

namespace SdSupervised.Tests.Observability;

public sealed class GpuUsagePollerParseTests
{
    [Fact]
    public void Parses_nvidia_smi_memory_and_utilisation_lines_into_bytes_and_ratios()
    {
        // nvidia-smi --query-gpu=index,memory.used,memory.total,utilization.gpu --format=csv,noheader,nounits on two GPUs
        var gpus = GpuUsagePoller.Parse("0, 10240, 81559, 97\n1, 3, 81559, 0\n");

        Assert.Equal([new GpuUsage(0, 10240L << 20, 81559L << 20, 0.97), new GpuUsage(1, 3L << 20, 81559L << 20, 0)], gpus);
    }

    [Fact]
    public void A_line_with_a_field_nvidia_smi_cannot_read_is_left_out()
    {
        var gpus = GpuUsagePoller.Parse("0, 512, 16384, [N/A]\n1, 512, 16384, 12\n");

        Assert.Equal([1], gpus.Select(g => g.Index));
    }
}
