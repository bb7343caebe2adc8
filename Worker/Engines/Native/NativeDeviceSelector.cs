namespace SdSupervised.Worker.Engines.Native;

/// <summary>
/// Picks the backend from the slot the supervisor gave this worker (<c>CUDA_VISIBLE_DEVICES</c>) and the devices
/// the library lists. A GPU slot sees exactly its GPU, as <c>CUDA0</c>; if the library lists no CUDA device
/// (a CPU-only build, a driver problem) the worker refuses to start rather than run a GPU slot on the CPU.
/// A cpu slot (the variable set but empty) uses <c>cpu</c>. Without the variable (a worker started by hand)
/// the library chooses.
/// </summary>
public static class NativeDeviceSelector
{
    public const string CudaVisibleDevices = "CUDA_VISIBLE_DEVICES";
    public const string CpuBackend = "cpu";

    /// <summary>Returns the selection, or throws <see cref="WorkerStartupException"/> with the reason.</summary>
    public static NativeDeviceSelection Select(string? cudaVisibleDevices, IReadOnlyList<NativeDevice> devices)
    {
        var listed = devices.Count == 0 ? "none" : string.Join("; ", devices);

        if (cudaVisibleDevices is null)
            return new NativeDeviceSelection(null, $"no {CudaVisibleDevices} set: the library picks among {listed}");

        if (cudaVisibleDevices.Trim().Length == 0)
        {
            var cpu = devices.FirstOrDefault(d => d.Name.Equals("CPU", StringComparison.OrdinalIgnoreCase));
            return new NativeDeviceSelection(CpuBackend, cpu is null ? "cpu slot: backend cpu" : $"cpu slot: {cpu}");
        }

        var cuda = devices.FirstOrDefault(d => d.IsCuda);
        if (cuda is null)
        {
            throw new WorkerStartupException(
                $"GPU slot ({CudaVisibleDevices}={cudaVisibleDevices}) but the native library lists no CUDA device (devices: {listed}). " +
                "Either the library is a CPU-only build (use a CUDA build of libstable-diffusion.so) or the GPU is not usable " +
                "(driver, nvidia-smi); to run on the CPU instead, configure a cpu worker. The worker does not fall back to the CPU by itself");
        }

        // With CUDA_VISIBLE_DEVICES narrowed to one GPU, that GPU is always the first CUDA device the process sees.
        return new NativeDeviceSelection(cuda.Name.ToLowerInvariant(), $"GPU slot {CudaVisibleDevices}={cudaVisibleDevices}: {cuda}");
    }
}
