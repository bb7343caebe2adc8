namespace SdSupervised.Worker.Engines.Synthetic;

/// <summary>
/// A pretend GPU's memory, so recycling and placement can be tested without one: a fixed context, the loaded
/// model's files, a leak that grows by <see cref="GrowthPerJobBytes"/> with every job (the fragmentation real
/// drivers show over long runs), and a job's working memory while it runs. A job whose working memory does not fit
/// runs out of memory the way the library does (<see cref="Fits"/> false: the engine then aborts with ggml's lines).
/// </summary>
public sealed class SyntheticDeviceMemory(long totalBytes, long growthPerJobBytes)
{
    /// <summary>What a CUDA context and the library's buffers take before any model.</summary>
    public const long ContextBytes = 256L * 1024 * 1024;

    /// <summary>Working memory per output pixel, the figure the supervisor's estimate uses for the VAE decode.</summary>
    public const long BytesPerPixel = 2560;

    private long _modelBytes;
    private long _leakedBytes;

    public long TotalBytes { get; } = totalBytes;
    public long GrowthPerJobBytes { get; } = growthPerJobBytes;

    public long UsedBytes => ContextBytes + Interlocked.Read(ref _modelBytes) + Interlocked.Read(ref _leakedBytes);

    public void ModelLoaded(long bytes) => Interlocked.Exchange(ref _modelBytes, bytes);

    public void ModelUnloaded() => Interlocked.Exchange(ref _modelBytes, 0);

    public void JobEnded() => Interlocked.Add(ref _leakedBytes, GrowthPerJobBytes);

    /// <summary>The whole batch is decoded at once, so its working memory is the batch's.</summary>
    public static long WorkingBytes(int width, int height, int batch) => (long)width * height * BytesPerPixel * Math.Max(1, batch);

    public bool Fits(long workingBytes) => UsedBytes + workingBytes <= TotalBytes;
}
