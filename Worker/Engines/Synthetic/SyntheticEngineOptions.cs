namespace SdSupervised.Worker.Engines.Synthetic;

/// <summary>How slow the stand-in pretends to be.</summary>
public sealed record SyntheticEngineOptions
{
    public TimeSpan StepTime { get; init; } = TimeSpan.FromMilliseconds(WorkerOptions.DefaultSyntheticStepMs);
    public TimeSpan LoadTime { get; init; } = TimeSpan.FromMilliseconds(WorkerOptions.DefaultSyntheticLoadMs);
}
