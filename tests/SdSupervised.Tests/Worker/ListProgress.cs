using SdSupervised.Contracts;

namespace SdSupervised.Tests.Worker;

/// <summary>Synchronous progress sink for engine tests; optionally acts on each report (e.g. cancels).</summary>
internal sealed class ListProgress(Action<GenerationProgress>? onReport = null) : IProgress<GenerationProgress>
{
    public List<GenerationProgress> Reports { get; } = [];

    public void Report(GenerationProgress value)
    {
        lock (Reports) Reports.Add(value);
        onReport?.Invoke(value);
    }
}
