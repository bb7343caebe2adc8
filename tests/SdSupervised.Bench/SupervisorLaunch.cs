namespace SdSupervised.Bench;

/// <summary>How to start one supervisor for a benchmark: synthetic workers, their step time, and option overrides.</summary>
public sealed record SupervisorLaunch(string Label, int Workers, int StepMs)
{
    /// <summary><c>SDS__Section__Key</c> variables; inherited <c>SDS__*</c> variables are dropped so a run is reproducible.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
