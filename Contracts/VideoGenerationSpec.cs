namespace SdSupervised.Contracts;

/// <summary>
/// One video generation call (stable-diffusion.cpp's <c>generate_video</c>, the seed's <c>-M vid_gen</c>): Wan 2.1
/// T2V, I2V (<see cref="InitImage"/>; the model load needs a CLIP vision encoder), FLF2V (<see cref="InitImage"/> and
/// <see cref="EndImage"/>), and Wan 2.2 A14B, whose high-noise model (<see cref="ModelLoadSpec.HighNoiseDiffusionModelPath"/>)
/// samples first with its own <see cref="HighNoise"/> parameters. The supervisor has validated and resolved every field.
/// </summary>
public sealed record VideoGenerationSpec
{
    public string JobId { get; init; } = "";
    public int Attempt { get; init; } = 1;
    public string Prompt { get; init; } = "";
    public string NegativePrompt { get; init; } = "";
    public int Width { get; init; } = 832;
    public int Height { get; init; } = 480;
    /// <summary>Frames to generate; Wan wants 4k+1 (the library rounds others down to that).</summary>
    public int VideoFrames { get; init; } = 33;
    public int Fps { get; init; } = 16;
    /// <summary>Sampling steps of the (low-noise) diffusion model.</summary>
    public int Steps { get; init; } = 20;
    public float CfgScale { get; init; } = 6.0f;
    /// <summary>Null: the model's default.</summary>
    public string? SamplingMethod { get; init; }
    /// <summary>Null: the model's default.</summary>
    public string? Scheduler { get; init; }
    /// <summary>Null: the library's default (Wan's own shift).</summary>
    public float? FlowShift { get; init; }
    public float? Eta { get; init; }
    /// <summary>Always concrete (never -1): the supervisor draws random seeds so it can report them.</summary>
    public long Seed { get; init; }
    /// <summary>-1: the model's default.</summary>
    public int ClipSkip { get; init; } = -1;
    /// <summary>I2V: the first frame; FLF2V: with <see cref="EndImage"/>.</summary>
    public RawImage? InitImage { get; init; }
    /// <summary>FLF2V: the last frame (needs <see cref="InitImage"/>).</summary>
    public RawImage? EndImage { get; init; }
    /// <summary>How far the video may move from the init image, 0..1; null: the library's default.</summary>
    public float? Strength { get; init; }
    /// <summary>LoRAs; <see cref="LoraSpec.IsHighNoise"/> applies one to the high-noise model of a Wan 2.2 pair.</summary>
    public LoraSpec[] Loras { get; init; } = [];
    /// <summary>Wan 2.2 A14B: the high-noise model's sampling; null keeps the library's defaults (it splits the steps at <see cref="MoeBoundary"/>).</summary>
    public VideoHighNoiseSpec? HighNoise { get; init; }
    /// <summary>Sigma at which a Wan 2.2 pair switches from the high-noise to the low-noise model; null: the library's 0.875.</summary>
    public float? MoeBoundary { get; init; }
    public bool? VaeTiling { get; init; }
    /// <summary>Send a <see cref="GenerationProgress.Preview"/> every this many sampling steps; null: no previews.</summary>
    public int? PreviewEverySteps { get; init; }
    /// <summary>Only honoured by a worker started with <c>--allow-fault-injection</c>; the step counts across both models.</summary>
    public FaultSpec? Fault { get; init; }
    /// <summary>Additive, optional: the supervisor span this call continues; null when tracing is off.</summary>
    public TraceContext? Trace { get; init; }
}

/// <summary>
/// The high-noise model's <c>sd_sample_params_t</c> of a Wan 2.2 pair (<c>high_noise_sample_params</c>), as sd-cli's
/// <c>--high-noise-*</c> flags set it. Null members keep the library's defaults.
/// </summary>
public sealed record VideoHighNoiseSpec
{
    /// <summary>Steps on the high-noise model, added to <see cref="VideoGenerationSpec.Steps"/>; null (the library's -1): split the steps at the MoE boundary.</summary>
    public int? Steps { get; init; }
    public float? CfgScale { get; init; }
    public string? SamplingMethod { get; init; }
    public string? Scheduler { get; init; }
    public float? FlowShift { get; init; }
    public float? Eta { get; init; }
}
