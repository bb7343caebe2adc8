namespace SdSupervised.Supervisor.Configuration;

/// <summary>
/// Memory-aware placement (<c>Sds:Placement</c>). On by default; off, jobs go to any slot their model's pins allow,
/// as before placement existed (the benchmark compares the two).
/// </summary>
public sealed class PlacementOptions
{
    public bool Enabled { get; set; } = true;
}
