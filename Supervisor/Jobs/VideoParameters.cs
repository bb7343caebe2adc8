namespace SdSupervised.Supervisor.Jobs;

/// <summary>A video request after validation, stored with the job and echoed as <c>params</c>; models are catalog ids.</summary>
public sealed record VideoParameters : JobRequest
{
    public string Prompt { get; init; } = "";
    public string NegativePrompt { get; init; } = "";
    /// <summary>The Wan diffusion model (for a Wan 2.2 A14B pair, the low-noise expert).</summary>
    public string Model { get; init; } = "";
    /// <summary>Wan 2.2 A14B: the high-noise expert that samples first; null for single-model Wan.</summary>
    public string? HighNoiseModel { get; init; }
    /// <summary>A VAE override by catalog id; null: the one the catalog pairs with the model.</summary>
    public string? Vae { get; init; }
    public int Width { get; init; } = 832;
    public int Height { get; init; } = 480;
    public int VideoFrames { get; init; } = 33;
    public int Fps { get; init; } = 16;
    public int Steps { get; init; } = 20;
    public float CfgScale { get; init; } = 6.0f;
    public string? SamplingMethod { get; init; }
    public string? Scheduler { get; init; }
    public float? FlowShift { get; init; }
    /// <summary>Drawn at submit when the request gave -1, so it is always concrete here.</summary>
    public long Seed { get; init; }
    /// <summary>How far the video may move from the init image, 0..1; null: the library's default.</summary>
    public float? Strength { get; init; }
    public IReadOnlyList<LoraUse> Loras { get; init; } = [];
    /// <summary>LoRAs applied to the high-noise model of a Wan 2.2 pair.</summary>
    public IReadOnlyList<LoraUse> HighNoiseLoras { get; init; } = [];
    public VideoHighNoiseParameters? HighNoise { get; init; }
    /// <summary>File name of the first frame in the job's input folder (I2V, FLF2V).</summary>
    public string? InitImage { get; init; }
    /// <summary>File name of the last frame in the job's input folder (FLF2V).</summary>
    public string? EndImage { get; init; }

    /// <summary>Test-only fault injection, as <see cref="GenerationParameters.Fault"/>; honoured only by workers started with it allowed.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    [Hosting.Http.OpenApi.TestOnlyField] public string? Fault { get; init; }
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    [Hosting.Http.OpenApi.TestOnlyField] public int? FaultAttempts { get; init; }
    [Hosting.Http.OpenApi.TestOnlyField] public int FaultStep { get; init; } = 1;


    /// <summary>The steps progress counts: the low-noise model's plus the high-noise model's when it has its own.</summary>
    public int TotalSteps => Steps + (HighNoise?.Steps ?? 0);

    public override bool Fits(JobType type) => type == JobType.Video;

    public override string OutOfMemoryContext() => $"at {Width}x{Height} with {VideoFrames} frames";

    public override string OutOfMemoryAdvice() => "try a smaller size or fewer frames";
}

/// <summary>The high-noise expert's sampling (the library's <c>high_noise_sample_params</c>); null members keep its defaults.</summary>
public sealed record VideoHighNoiseParameters
{
    public int? Steps { get; init; }
    public float? CfgScale { get; init; }
    public string? SamplingMethod { get; init; }
    public string? Scheduler { get; init; }
    public float? FlowShift { get; init; }
}
