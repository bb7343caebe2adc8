using SdSupervised.Contracts;

namespace SdSupervised.IntegrationTests.Worker;

/// <summary>Records every report in arrival order, synchronously (System.Progress would post to the pool and reorder).</summary>
internal sealed class CollectingProgress : IProgress<GenerationProgress>
{
    private readonly List<GenerationProgress> _reports = [];

    public int Count
    {
        get { lock (_reports) return _reports.Count; }
    }

    public IReadOnlyList<GenerationProgress> Snapshot()
    {
        lock (_reports) return [.. _reports];
    }

    public void Report(GenerationProgress value)
    {
        lock (_reports) _reports.Add(value);
    }
}
