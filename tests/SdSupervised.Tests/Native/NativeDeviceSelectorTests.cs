using SdSupervised.Worker;
using SdSupervised.Worker.Engines.Native;

namespace SdSupervised.Tests.Native;

public sealed class NativeDeviceSelectorTests
{
    private static readonly IReadOnlyList<NativeDevice> CpuOnly = NativeDevice.ParseList("CPU\tAMD EPYC 7B13\n");
    private static readonly IReadOnlyList<NativeDevice> WithGpu = NativeDevice.ParseList("CUDA0\tNVIDIA H100 80GB HBM3\nCPU\tAMD EPYC 7B13\n");

    [Fact]
    public void Device_list_lines_are_name_tab_description()
    {
        Assert.Equal([new NativeDevice("CUDA0", "NVIDIA H100 80GB HBM3"), new NativeDevice("CPU", "AMD EPYC 7B13")], WithGpu);
        Assert.Equal("CUDA0: NVIDIA H100 80GB HBM3", WithGpu[0].ToString());
        Assert.Empty(NativeDevice.ParseList("\n\n"));
    }

    [Fact]
    public void Gpu_slot_uses_the_first_cuda_device_it_sees()
    {
        var selection = NativeDeviceSelector.Select("3", WithGpu);

        Assert.Equal("cuda0", selection.Backend);
        Assert.Contains("CUDA_VISIBLE_DEVICES=3", selection.Description);
    }

    [Fact]
    public void Gpu_slot_without_a_cuda_device_refuses_to_start_instead_of_running_on_the_cpu()
    {
        var error = Assert.Throws<WorkerStartupException>(() => NativeDeviceSelector.Select("0", CpuOnly));

        Assert.StartsWith("GPU slot (CUDA_VISIBLE_DEVICES=0) but the native library lists no CUDA device (devices: CPU: AMD EPYC 7B13)", error.Message);
        Assert.Contains("does not fall back to the CPU", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Cpu_slot_uses_the_cpu_backend_even_with_a_gpu_present(string visible)
    {
        Assert.Equal("cpu", NativeDeviceSelector.Select(visible, WithGpu).Backend);
    }

    [Fact]
    public void Without_a_slot_the_library_chooses()
    {
        Assert.Null(NativeDeviceSelector.Select(null, WithGpu).Backend);
    }
}
