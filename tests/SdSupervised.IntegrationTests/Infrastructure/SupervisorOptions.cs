namespace SdSupervised.IntegrationTests.Infrastructure;

/// <summary>How a test wants its supervisor started.</summary>
public sealed record SupervisorOptions
{
    public int Workers { get; init; } = 1;
    /// <summary>The <c>--engine</c> value; the real-library tests use <c>native</c>.</summary>
    public string Engine { get; init; } = "synthetic";
    /// <summary>The <c>--workers</c> value when it is not the count <see cref="Workers"/> (e.g. <c>cpu</c>).</summary>
    public string? WorkerSpec { get; init; }
    public int StepMs { get; init; } = 20;
    public bool AllowFaultInjection { get; init; } = true;

    /// <summary>
    /// Workers that must be usable (idle, loading or busy) before the supervisor counts as ready;
    /// defaults to <see cref="Workers"/>. Lower it when a slot is meant to never start.
    /// </summary>
    public int? ReadyWorkers { get; init; }

    /// <summary><c>SDS__Section__Key</c> options for the supervisor's environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    /// <summary>A port chosen by the test (when it must know it before the supervisor is ready); null picks a free one.</summary>
    public int? Port { get; init; }

    public TimeSpan StartupDeadline { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>An existing data dir (another supervisor's, a tmpfs); null makes a fresh one. Only a fresh one is deleted at the end.</summary>
    public string? DataDir { get; init; }

    public int RequiredReadyWorkers => ReadyWorkers ?? Workers;

    public SupervisorOptions WithEnv(string key, object value)
    {
        var env = new Dictionary<string, string>(Environment) { [key] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)! };
        return this with { Environment = env };
    }

    /// <summary>Shorthand for <c>SDS__Resilience__{key}</c>.</summary>
    public SupervisorOptions WithResilience(string key, object value) => WithEnv($"SDS__Resilience__{key}", value);
}
