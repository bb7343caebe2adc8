namespace SdSupervised.Bench;

/// <summary>What the benchmarks of one run share: the options, and figures one measures that another reads.</summary>
public sealed class BenchContext(BenchOptions options)
{
    public BenchOptions Options { get; } = options;
    public bool Quick => Options.Quick;

    /// <summary>Median engine time of a 512x512, 20 x 100 ms job, set by figure (a); figure (b) relates pipe time to it.</summary>
    public double? EngineSeconds512 { get; set; }
}
