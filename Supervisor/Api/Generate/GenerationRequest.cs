using System.Text.Json.Serialization;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.Generate;

/// <summary>
/// The fields every seed generation endpoint takes (text2img's, plus LoRAs, VAE, hires fix and VAE tiling). The
/// mode endpoints add their images. No validation attributes here: the one rule set is
/// <see cref="Generation.GenerationParametersValidator"/>, shared with the A1111 and OpenAI endpoints.
/// </summary>
public class GenerationRequest : Generation.Presets.IAcceptsPresets
{
    public string? Prompt { get; set; }
    public string? NegativePrompt { get; set; }
    public int Width { get; set; } = 512;
    public int Height { get; set; } = 512;
    public int Steps { get; set; } = 20;
    public float CfgScale { get; set; } = 7.0f;
    public string? SamplingMethod { get; set; }
    public string? Scheduler { get; set; }
    [JsonConverter(typeof(SeedJsonConverter))]
    public long Seed { get; set; } = -1;
    public int BatchCount { get; set; } = 1;
    public string? Model { get; set; }
    public int ClipSkip { get; set; } = -1;
    /// <summary>LoRAs besides the prompt's <c>&lt;lora:name:weight&gt;</c> tags.</summary>
    public List<LoraRequest>? Loras { get; set; }
    /// <summary>A VAE from the catalog instead of the model's own.</summary>
    public string? VaeModel { get; set; }
    /// <summary>Second pass at a larger size; null = off.</summary>
    public HiresRequest? Hires { get; set; }
    /// <summary>Decode in tiles (less memory for large images); null = the server's default.</summary>
    public bool? VaeTiling { get; set; }
    [Hosting.Http.OpenApi.TestOnlyField] public string? Fault { get; set; }
    [Hosting.Http.OpenApi.TestOnlyField] public int? FaultAttempts { get; set; }
    [Hosting.Http.OpenApi.TestOnlyField] public int FaultStep { get; set; } = 1;
    /// <summary>Reference images for Flux Kontext and Qwen Image Edit (base64, a data: URL or an http(s) URL each).</summary>
    public List<string>? RefImages { get; set; }
    /// <summary>PhotoMaker weights from the catalog (an SDXL model only).</summary>
    public string? Photomaker { get; set; }
    /// <summary>Photos of the person for PhotoMaker (base64 or URLs).</summary>
    public List<string>? PmIdImages { get; set; }
    /// <summary>0..100; null = the library's 20.</summary>
    public float? PmStyleStrength { get; set; }
    /// <summary>PhotoMaker v2's ID-embedding file, relative to the models directory.</summary>
    public string? PmIdEmbedPath { get; set; }
    /// <summary>A presets/ file whose fields fill in those this body does not send (merged before binding).</summary>
    public string? Preset { get; set; }
    /// <summary>A neg_prompts/ file whose text goes before <see cref="NegativePrompt"/> (applied before binding).</summary>
    public string? NegativePromptPreset { get; set; }
    /// <summary>Decode with a TAESD: true = the catalog's one for the model's family, or a TAESD file's name.</summary>
    [JsonConverter(typeof(TaesdJsonConverter))]
    public string? Taesd { get; set; }

    public virtual GenerationParameters ToParameters() => new()
    {
        Prompt = Prompt ?? "",
        NegativePrompt = NegativePrompt ?? "",
        Width = Width,
        Height = Height,
        Steps = Steps,
        CfgScale = CfgScale,
        SamplingMethod = SamplingMethod,
        Scheduler = Scheduler,
        Seed = Seed,
        BatchCount = BatchCount,
        Model = Model,
        ClipSkip = ClipSkip,
        Loras = [.. (Loras ?? []).Select(l => new LoraUse(l.Name ?? "", l.Weight))],
        Vae = VaeModel,
        Hires = Hires is { Enabled: not false } h
            ? new HiresParameters { Upscaler = h.Upscaler, Scale = h.Scale, Width = h.Width, Height = h.Height, Steps = h.Steps, DenoisingStrength = h.DenoisingStrength }
            : null,
        VaeTiling = VaeTiling,
        Fault = Fault,
        FaultAttempts = FaultAttempts,
        FaultStep = FaultStep,
        Photomaker = Photomaker,
        PmStyleStrength = PmStyleStrength,
        PmIdEmbedPath = PmIdEmbedPath,
        Taesd = Taesd,
    };
}

public sealed class LoraRequest
{
    public string? Name { get; set; }
    public float Weight { get; set; } = 1.0f;
}

/// <summary>The hires fix: upscale the first pass (by <see cref="Scale"/>, or to width x height), then sample again.</summary>
public sealed class HiresRequest
{
    /// <summary>False turns it off while keeping the settings in the request.</summary>
    public bool? Enabled { get; set; }
    /// <summary>Latent, Lanczos, Nearest... (the library's names) or an ESRGAN model from the catalog; null = Latent.</summary>
    public string? Upscaler { get; set; }
    public float? Scale { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    public int? Steps { get; set; }
    public float? DenoisingStrength { get; set; }
}

/// <summary>Body of <c>POST /api/generate/text2img</c>.</summary>
public sealed class Text2ImgRequest : GenerationRequest;

/// <summary>Body of <c>POST /api/generate/img2img</c>.</summary>
public sealed class Img2ImgRequest : GenerationRequest
{
    /// <summary>Base64 (or a data: URL) or an http(s) URL; resized to width x height.</summary>
    public string? InitImage { get; set; }
    /// <summary>How much to change the image, 0 (keep) to 1 (ignore it); null = 0.75.</summary>
    public float? Strength { get; set; }

    public override GenerationParameters ToParameters() => base.ToParameters() with { Strength = Strength };
}

/// <summary>Body of <c>POST /api/generate/inpainting</c>: white in the mask is repainted.</summary>
public sealed class InpaintingRequest : GenerationRequest
{
    public string? SourceImage { get; set; }
    public string? MaskImage { get; set; }
    public float? Strength { get; set; }
    /// <summary>Repaint where the mask is black instead.</summary>
    public bool InvertMask { get; set; }

    public override GenerationParameters ToParameters() => base.ToParameters() with { Strength = Strength };
}

/// <summary>Body of <c>POST /api/generate/controlnet</c>.</summary>
public sealed class ControlNetRequest : GenerationRequest
{
    public string? ControlImage { get; set; }
    /// <summary>ControlNet weights from the catalog.</summary>
    public string? ControlNetModel { get; set; }
    /// <summary>Null = 0.9.</summary>
    public float? ControlStrength { get; set; }
    /// <summary>Optional: start from this image too (img2img under the ControlNet).</summary>
    public string? InitImage { get; set; }
    public float? Strength { get; set; }
    /// <summary>"canny": run the library's edge detector over control_image first (pass a photo, not an edge map).</summary>
    public string? ControlPreprocess { get; set; }
    /// <summary>The canny preprocessor's thresholds; null = sd-cli's.</summary>
    public CannyRequest? Canny { get; set; }

    public override GenerationParameters ToParameters() =>
        base.ToParameters() with
        {
            ControlNet = ControlNetModel,
            ControlStrength = ControlStrength,
            Strength = Strength,
            ControlPreprocess = ControlPreprocess,
            Canny = Canny is { } c
                ? new CannyParameters { HighThreshold = c.HighThreshold, LowThreshold = c.LowThreshold, Weak = c.Weak, Strong = c.Strong, Inverse = c.Inverse }
                : null,
        };
}

/// <summary>The arguments of the library's canny preprocessor; null members take sd-cli's <c>--canny</c> values.</summary>
public sealed class CannyRequest
{
    /// <summary>Gradient, 0..1, from which a pixel is a strong edge; null = 0.08.</summary>
    public float? HighThreshold { get; set; }
    /// <summary>Gradient, 0..1, below which a pixel is no edge; null = 0.08.</summary>
    public float? LowThreshold { get; set; }
    /// <summary>Gray level, 0..1, of weak edges; null = 0.8.</summary>
    public float? Weak { get; set; }
    /// <summary>Gray level, 0..1, of strong edges; null = 1.</summary>
    public float? Strong { get; set; }
    /// <summary>Dark edges on white.</summary>
    public bool Inverse { get; set; }
}

/// <summary>Body of <c>POST /api/generate/upscale</c>.</summary>
public sealed class UpscaleRequest
{
    public string? Image { get; set; }
    /// <summary>ESRGAN model from the catalog; null = the only one there is.</summary>
    public string? EsrganModel { get; set; }
    /// <summary>Null = the model's own factor (4 for the synthetic engine).</summary>
    public int? UpscaleFactor { get; set; }
}

public sealed record SubmitJobResponse(string JobId, JobStatus Status, int? Position)
{
    /// <summary>Body fields nothing read (a typo, another server's field): accepted, and said back. Absent when none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? IgnoredFields { get; init; }
}
