namespace SdSupervised.Worker.Engines;

/// <summary>Library version and devices, as reported in the handshake's WorkerInfo.</summary>
public sealed record EngineDescription
{
    public string? NativeVersion { get; init; }
    public string? NativeCommit { get; init; }
    public string[] Devices { get; init; } = [];
}
