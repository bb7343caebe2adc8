namespace SdSupervised.IntegrationTests.Infrastructure;

/// <summary>
/// Deadlines, generous because two supervisors and their workers share two cores. They bound waiting;
/// they are never the thing asserted.
/// </summary>
public static class Timeouts
{
    /// <summary>A short job from submit to a terminal state, restarts included.</summary>
    public static readonly TimeSpan Job = TimeSpan.FromSeconds(60);
    /// <summary>Something that should already be visible (a job running, a state change).</summary>
    public static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);
}
