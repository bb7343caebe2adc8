namespace SdSupervised.Bench;

/// <summary>One figure of the benchmark run.</summary>
public interface IBenchmark
{
    /// <summary>The figure's letter in <c>--only</c> and in the summary.</summary>
    char Figure { get; }
    string Title { get; }
    /// <summary>Measures, prints as it goes, and returns the lines for the closing summary.</summary>
    Task<IReadOnlyList<SummaryLine>> RunAsync(BenchContext context, CancellationToken cancellationToken);
}
