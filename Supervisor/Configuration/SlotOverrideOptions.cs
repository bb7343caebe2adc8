namespace SdSupervised.Supervisor.Configuration;

/// <summary>Settings that differ for one worker slot (e.g. another executable or engine on one GPU).</summary>
public sealed class SlotOverrideOptions
{
    /// <summary>Engine name passed to this slot's worker (synthetic or native).</summary>
    public string? Engine { get; set; }
    public string? WorkerExecutable { get; set; }
    public string? NativeLibrary { get; set; }
}
