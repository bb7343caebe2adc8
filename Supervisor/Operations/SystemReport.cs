using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Operations;

/// <summary>The host and the service as <c>GET /api/system</c> shows them; <see cref="GpuReason"/> says why <see cref="Gpus"/> is empty, <see cref="Video"/> whether videos can be encoded.</summary>
public sealed record SystemReport(
    string Os,
    string Kernel,
    CpuReport Cpu,
    MemoryReport Memory,
    IReadOnlyList<GpuInfo> Gpus,
    string? GpuReason,
    string Runtime,
    EngineReport Engine,
    int Workers)
{
    /// <summary>Whether video jobs can be encoded (ffmpeg with libx264), or why not.</summary>
    public Outputs.VideoEncoderStatus? Video { get; init; }
}
