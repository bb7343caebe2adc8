namespace SdSupervised.Contracts;

/// <summary>One image generation call. The supervisor has validated and resolved every field.</summary>
public sealed record ImageGenerationSpec
{
    public string JobId { get; init; } = "";
    public int Attempt { get; init; } = 1;
    public string Prompt { get; init; } = "";
    public string NegativePrompt { get; init; } = "";
    public int Width { get; init; } = 512;
    public int Height { get; init; } = 512;
    public int Steps { get; init; } = 20;
    public float CfgScale { get; init; } = 7.0f;
    /// <summary>Null: the model's default.</summary>
    public string? SamplingMethod { get; init; }
    /// <summary>Null: the model's default.</summary>
    public string? Scheduler { get; init; }
    /// <summary>Always concrete (never -1): the supervisor draws random seeds so it can report them.</summary>
    public long Seed { get; init; }
    public int BatchCount { get; init; } = 1;
    /// <summary>-1: the model's default.</summary>
    public int ClipSkip { get; init; } = -1;
    /// <summary>Only honoured by a worker started with <c>--allow-fault-injection</c>.</summary>
    public FaultSpec? Fault { get; init; }
}
