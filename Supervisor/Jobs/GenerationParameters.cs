using System.Collections.Immutable;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// An image generation request (text2img, img2img, inpainting, ControlNet) after validation, with the seed already
/// resolved (never -1) and every model named by its catalog id. Stored with the job and echoed as <c>params</c> in
/// the API. Input images are not inline: they are files in the job's input folder (<see cref="InputImageStore"/>),
/// named here by their file name.
/// </summary>
public sealed record GenerationParameters : JobRequest
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
    [Hosting.Http.OpenApi.TestOnlyField] public string? Fault { get; init; }
    /// <summary>Inject on the first N attempts only; null = every attempt.</summary>
    [Hosting.Http.OpenApi.TestOnlyField] public int? FaultAttempts { get; init; }
    [Hosting.Http.OpenApi.TestOnlyField] public int FaultStep { get; init; } = 1;

    /// <summary>img2img/inpainting: file name of the start image in the job's input folder.</summary>
    public string? InitImage { get; init; }
    /// <summary>img2img denoising strength, 0..1; null: the library's default.</summary>
    public float? Strength { get; init; }
    /// <summary>Inpainting: file name of the mask (white = repaint) in the job's input folder.</summary>
    public string? MaskImage { get; init; }
    /// <summary>ControlNet: file name of the conditioning image in the job's input folder.</summary>
    public string? ControlImage { get; init; }
    /// <summary>ControlNet weights by catalog id.</summary>
    public string? ControlNet { get; init; }
    public float? ControlStrength { get; init; }
    /// <summary>LoRAs by catalog id, from the prompt's <c>&lt;lora:name:weight&gt;</c> tags and the request's list.</summary>
    public ImmutableList<LoraUse> Loras { get; init; } = [];
    /// <summary>VAE override by catalog id; null: the model's own or its picked companion.</summary>
    public string? Vae { get; init; }
    public HiresParameters? Hires { get; init; }
    /// <summary>Null: the server's default for the model load.</summary>
    public bool? VaeTiling { get; init; }

    /// <summary>Reference images (Flux Kontext, Qwen Image Edit): file names in the job's input folder, in request order.</summary>
    public ImmutableList<string> RefImages { get; init; } = [];
    /// <summary>PhotoMaker weights by catalog id; null: no PhotoMaker.</summary>
    public string? Photomaker { get; init; }
    /// <summary>PhotoMaker's ID images: file names in the job's input folder.</summary>
    public ImmutableList<string> PmIdImages { get; init; } = [];
    /// <summary>0..100; null: the library's default (20).</summary>
    public float? PmStyleStrength { get; init; }
    /// <summary>PhotoMaker v2's ID-embedding file, relative to the models directory.</summary>
    public string? PmIdEmbedPath { get; init; }
    /// <summary>ControlNet: preprocess the control image first; only <c>canny</c> so far.</summary>
    public string? ControlPreprocess { get; init; }
    /// <summary>The canny preprocessor's thresholds; null members take sd-cli's values.</summary>
    public CannyParameters? Canny { get; init; }

    /// <summary>TAESD decoder by catalog id (part of the load, like <see cref="Vae"/>); null: the model's VAE decodes.</summary>
    public string? Taesd { get; init; }

    public override bool Fits(JobType type) => type is JobType.Text2Img or JobType.Img2Img or JobType.Inpainting or JobType.ControlNet;

    public override string OutOfMemoryContext() => $"at {Width}x{Height} (batch {BatchCount})";

    public override string OutOfMemoryAdvice() => "try a smaller size or batch, or VAE tiling";
}

/// <summary>One LoRA applied to a generation: catalog id and strength.</summary>
public sealed record LoraUse(string Name, float Weight);

/// <summary>The "hires fix" second pass: upscale, then sample again at the larger size.</summary>
public sealed record HiresParameters
{
    /// <summary>The library's upscaler name (Latent, Lanczos, ...) or an ESRGAN catalog id.</summary>
    public string? Upscaler { get; init; }
    public float? Scale { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public int? Steps { get; init; }
    public float? DenoisingStrength { get; init; }
}
