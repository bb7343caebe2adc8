namespace SdSupervised.Bench;

/// <summary>Order statistics of one sample (milliseconds, ratios, ...), linear interpolation between closest ranks.</summary>
public sealed class Percentiles
{
    private readonly double[] _sorted;

    public Percentiles(IEnumerable<double> values)
    {
        _sorted = values.Order().ToArray();
        if (_sorted.Length == 0)
            throw new ArgumentException("A percentile needs at least one value.", nameof(values));
    }

    public int Count => _sorted.Length;
    public double Min => _sorted[0];
    public double Max => _sorted[^1];
    public double Mean => _sorted.Average();
    public double Median => At(50);
    public double P95 => At(95);
    public double P99 => At(99);

    /// <summary>The <paramref name="percent"/>-th percentile (0..100).</summary>
    public double At(double percent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        var rank = percent / 100 * (_sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return _sorted[low] + (_sorted[high] - _sorted[low]) * (rank - low);
    }

    public static double MedianOf(IEnumerable<double> values) => new Percentiles(values).Median;
}
