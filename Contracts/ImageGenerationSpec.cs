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

    // Protocol 2. Every member below is optional: null (or empty) keeps the library's own default.

    /// <summary>img2img: the image to start from.</summary>
    public RawImage? InitImage { get; init; }
    /// <summary>img2img denoising strength, 0..1.</summary>
    public float? Strength { get; init; }
    /// <summary>Inpainting: white = repaint, black = keep; any channel count, the engine reduces it to one.</summary>
    public RawImage? MaskImage { get; init; }
    /// <summary>ControlNet conditioning image (needs a ControlNet in the model load or <see cref="ControlNetPath"/>).</summary>
    public RawImage? ControlImage { get; init; }
    public float? ControlStrength { get; init; }
    /// <summary>ControlNet weights to swap in before this generation (absolute path).</summary>
    public string? ControlNetPath { get; init; }
    public LoraSpec[] Loras { get; init; } = [];
    public float? ImgCfgScale { get; init; }
    public float? DistilledGuidance { get; init; }
    public SkipLayerGuidanceSpec? SkipLayerGuidance { get; init; }
    public float? Eta { get; init; }
    public float? FlowShift { get; init; }
    /// <summary>Null: the model load's <see cref="ModelLoadSpec.VaeTiling"/>.</summary>
    public bool? VaeTiling { get; init; }
    /// <summary>VAE tile edge in latent pixels; null: the library's default.</summary>
    public int? VaeTileSize { get; init; }
    public HiresFixSpec? Hires { get; init; }
    /// <summary>Send a <see cref="GenerationProgress.Preview"/> every this many sampling steps; null: no previews (they cost time).</summary>
    public int? PreviewEverySteps { get; init; }

    /// <summary>Additive, optional: the supervisor span this call continues; null when tracing is off.</summary>
    public TraceContext? Trace { get; init; }

    // Additive, optional (an older worker ignores them; the supervisor only sends them for models that use them).

    /// <summary>Reference images (Flux Kontext, Qwen Image Edit): the library's <c>ref_images</c>, at their own size.</summary>
    public RawImage[] RefImages { get; init; } = [];
    /// <summary>PhotoMaker's ID images and options; needs <see cref="ModelLoadSpec.PhotoMakerPath"/> in the model load.</summary>
    public PhotoMakerSpec? PhotoMaker { get; init; }
    /// <summary>Run the library's canny edge detector over <see cref="ControlImage"/> before generating; null: use it as given.</summary>
    public CannySpec? ControlCanny { get; init; }
}
