using System.Runtime.InteropServices;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Operations;

/// <summary>
/// Describes the host and the service for <c>GET /api/system</c>. nvidia-smi is slow, so its answer is kept for
/// <see cref="GpuCacheLifetime"/>; the rest is read fresh (small files under /proc).
/// </summary>
public sealed class SystemInfoService(WorkerPool pool, GpuDetector gpuDetector, Outputs.IVideoEncoder videoEncoder,
    Microsoft.Extensions.Options.IOptions<Configuration.VideoOptions> videoOptions, TimeProvider time)
{
    public static readonly TimeSpan GpuCacheLifetime = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim _gpuGate = new(1, 1);
    private GpuDetectionResult? _gpus;
    private DateTimeOffset _gpusAt;

    public async Task<SystemReport> GetAsync(CancellationToken cancellationToken)
    {
        var gpus = await GpusAsync(cancellationToken);
        var native = pool.Slots.Select(s => s.Snapshot.Info).FirstOrDefault(i => i?.NativeVersion is not null || i?.NativeCommit is not null);
        return new SystemReport(
            RuntimeInformation.OSDescription,
            Kernel(),
            Cpu(),
            Memory(),
            gpus.Gpus,
            gpus.Reason,
            RuntimeInformation.FrameworkDescription,
            new EngineReport(pool.Engine.Kind, pool.Engine.Reason, native?.NativeVersion, native?.NativeCommit),
            pool.Slots.Count)
        {
            Video = (await videoEncoder.StatusAsync(cancellationToken)).WithFallback(videoOptions.Value.Fallback),
        };
    }

    private async Task<GpuDetectionResult> GpusAsync(CancellationToken cancellationToken)
    {
        await _gpuGate.WaitAsync(cancellationToken);
        try
        {
            if (_gpus is null || time.GetUtcNow() - _gpusAt >= GpuCacheLifetime)
            {
                _gpus = await gpuDetector.DetectAsync(cancellationToken);
                _gpusAt = time.GetUtcNow();
            }
            return _gpus;
        }
        finally
        {
            _gpuGate.Release();
        }
    }

    private static string Kernel() =>
        ReadProc("/proc/sys/kernel/osrelease")?.Trim() is { Length: > 0 } release ? release : Environment.OSVersion.VersionString;

    private static CpuReport Cpu()
    {
        // x86 says "model name"; some ARM kernels only "Hardware" or "Processor".
        var info = ReadProc("/proc/cpuinfo") ?? "";
        var model = new[] { "model name", "Hardware", "Processor" }
            .Select(key => info.Split('\n')
                .Where(l => l.StartsWith(key, StringComparison.Ordinal) && l.Contains(':'))
                .Select(l => l[(l.IndexOf(':') + 1)..].Trim())
                .FirstOrDefault(v => v.Length > 0))
            .FirstOrDefault(v => v is not null);
        return new CpuReport(model ?? RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(), Environment.ProcessorCount);
    }

    private static MemoryReport Memory() =>
        ReadProc("/proc/meminfo") is { } text ? MemInfoParser.Parse(text) : new MemoryReport(null, null);

    private static string? ReadProc(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
