namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// A text-to-image request after validation, with the seed already resolved (never -1),
/// stored with the job and echoed as <c>params</c> in the API.
/// </summary>
public sealed record Text2ImgParameters
{
    public string Prompt { get; init; } = "";
    public string NegativePrompt { get; init; } = "";
    public int Width { get; init; } = 512;
    public int Height { get; init; } = 512;
    public int Steps { get; init; } = 20;
    public float CfgScale { get; init; } = 7.0f;
    public string? SamplingMethod { get; init; }
    public string? Scheduler { get; init; }
    public long Seed { get; init; }
    public int BatchCount { get; init; } = 1;
    public string? Model { get; init; }
    public int ClipSkip { get; init; } = -1;
    /// <summary>Injected fault name (segv, abort, cuda-oom, cuda-error, hang, fail, exit); only accepted under --allow-fault-injection.</summary>
    public string? Fault { get; init; }
    /// <summary>Inject on the first N attempts only; null = every attempt.</summary>
    public int? FaultAttempts { get; init; }
    public int FaultStep { get; init; } = 1;
}
