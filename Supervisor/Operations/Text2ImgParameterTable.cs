using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Api.Generate;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Operations;

/// <summary>
/// The text2img fields with their ranges. Limits are read from the live <see cref="LimitsOptions"/> and defaults
/// from a fresh <see cref="Text2ImgRequest"/>, and the fixed ranges below are the ones <see cref="Generation.GenerationParametersValidator"/>
/// enforces, so the description cannot drift from the validation.
/// </summary>
public sealed class Text2ImgParameterTable(IOptions<SupervisorOptions> options)
{
    public const int SizeMultiple = 8;
    public const float CfgScaleMin = 0;
    public const float CfgScaleMax = 100;
    public const int ClipSkipMin = -1;
    public const int ClipSkipMax = 24;
    public const int ModelNameMaxLength = 512;

    /// <summary>The modes that take the shared generation fields (all but upscale).</summary>
    public static readonly IReadOnlyList<string> GenerationModes = ["text2img", "img2img", "inpainting", "controlnet"];

    /// <summary>Every mode's fields: the shared generation fields, then each mode's own.</summary>
    public IReadOnlyList<ParameterDescriptor> Describe() => [.. Shared().Select(p => p with { Modes = GenerationModes }), .. ModeFields()];

    private static IEnumerable<ParameterDescriptor> ModeFields()
    {
        string[] img2img = ["img2img"], inpainting = ["inpainting"], controlnet = ["controlnet"], upscale = ["upscale"];
        const string Image = "base64 (or a data: URL) or an http(s) URL; resized to width x height";
        yield return Mode(Field(nameof(Img2ImgRequest.InitImage), "string", true, null, null, null, $"img2img: the picture to start from, {Image}. Also optional for controlnet."), ["img2img", "controlnet"]);
        yield return Mode(Field(nameof(Img2ImgRequest.Strength), "number", false, (double)JobInputs.DefaultStrength, 0, Generation.GenerationParametersValidator.StrengthMax,
            "How much to change the init image: 0 keeps it, 1 ignores it; null = 0.75."), ["img2img", "inpainting", "controlnet"]);
        yield return Mode(Field(nameof(InpaintingRequest.SourceImage), "string", true, null, null, null, $"The picture to repaint, {Image}."), inpainting);
        yield return Mode(Field(nameof(InpaintingRequest.MaskImage), "string", true, null, null, null, $"White where to repaint, black where to keep, {Image}."), inpainting);
        yield return Mode(Field(nameof(InpaintingRequest.InvertMask), "boolean", false, false, null, null, "Repaint where the mask is black instead."), inpainting);
        yield return Mode(Field(nameof(ControlNetRequest.ControlImage), "string", true, null, null, null, $"The conditioning picture (edges, depth, pose...), {Image}."), controlnet);
        yield return Mode(Field(nameof(ControlNetRequest.ControlNetModel), "string", true, null, null, ModelNameMaxLength, "ControlNet weights from the catalog: id, name or path, or a word in one ControlNet's file name (\"canny\" picks the file with canny in its name)."), controlnet);
        yield return Mode(Field(nameof(ControlNetRequest.ControlStrength), "number", false, null, 0, Generation.GenerationParametersValidator.ControlStrengthMax,
            "How strongly the control image steers; null = 0.9."), controlnet);
        yield return Mode(Field(nameof(ControlNetRequest.ControlPreprocess), "string", false, null, null, null,
            "Preprocess control_image before generating: canny runs the library's edge detector (send a photo, get its edges); null = use it as given.",
            allowed: Generation.GenerationParametersValidator.ControlPreprocessors), controlnet);
        yield return Mode(Field(nameof(ControlNetRequest.Canny), "object", false, null, null, null,
            "The canny preprocessor's arguments {high_threshold, low_threshold, weak, strong, inverse}; null members take sd-cli's --canny values. Needs control_preprocess: canny.")
            with { Fields = CannyFields() }, controlnet);
        yield return Mode(Field(nameof(UpscaleRequest.Image), "string", true, null, null, null, "The picture to upscale, base64 (or a data: URL) or an http(s) URL."), upscale);
        yield return Mode(Field(nameof(UpscaleRequest.EsrganModel), "string", false, null, null, ModelNameMaxLength, "ESRGAN model from the catalog; null = the only one there is."), upscale);
        yield return Mode(Field(nameof(UpscaleRequest.UpscaleFactor), "integer", false, null, 1, Generation.GenerationService.MaxUpscaleFactor, "Null = the model's own factor."), upscale);
    }

    private static ParameterDescriptor Mode(ParameterDescriptor field, IReadOnlyList<string> modes) => field with { Modes = modes };

    /// <summary>The fields every generation mode shares (text2img's).</summary>
    public IReadOnlyList<ParameterDescriptor> Shared()
    {
        var limits = options.Value.Limits;
        var d = new Text2ImgRequest();
        return
        [
            Field(nameof(d.Prompt), "string", true, d.Prompt, null, limits.MaxPromptLength, "What to draw; must not be empty. max is the length in characters."),
            Field(nameof(d.NegativePrompt), "string", false, d.NegativePrompt ?? "", null, limits.MaxPromptLength, "What to avoid. max is the length in characters."),
            Field(nameof(d.Width), "integer", false, d.Width, limits.MinSize, limits.MaxSize, "Image width in pixels.", SizeMultiple),
            Field(nameof(d.Height), "integer", false, d.Height, limits.MinSize, limits.MaxSize, "Image height in pixels.", SizeMultiple),
            Field(nameof(d.Steps), "integer", false, d.Steps, 1, limits.MaxSteps, "Sampling steps."),
            Field(nameof(d.CfgScale), "number", false, (double)d.CfgScale, CfgScaleMin, CfgScaleMax, "Classifier-free guidance scale."),
            Field(nameof(d.SamplingMethod), "string", false, d.SamplingMethod, null, null, "Sampler; null = the model's default.", allowed: SamplerNames.SamplingMethods),
            Field(nameof(d.Scheduler), "string", false, d.Scheduler, null, null, "Noise schedule; null = the model's default.", allowed: SamplerNames.Schedulers),
            Field(nameof(d.Seed), "integer", false, d.Seed, -1, null, "Seed; -1 or \"random\" picks one when the job is queued."),
            Field(nameof(d.BatchCount), "integer", false, d.BatchCount, 1, limits.MaxBatch, "Images generated by the job."),
            Field(nameof(d.Model), "string", false, d.Model, null, ModelNameMaxLength, $"Model id, name or path in the catalog; null = the default model ('{options.Value.DefaultModel}')."),
            Field(nameof(d.ClipSkip), "integer", false, d.ClipSkip, ClipSkipMin, ClipSkipMax, "CLIP layers to skip; -1 = the model's default."),
            Field(nameof(d.Loras), "array", false, d.Loras, null, Generation.GenerationParametersValidator.MaxLoras,
                $"LoRAs from the catalog as [{{name, weight}}] (weight -{Generation.GenerationParametersValidator.LoraWeightLimit}..{Generation.GenerationParametersValidator.LoraWeightLimit}, default 1), at most {Generation.GenerationParametersValidator.MaxLoras}, besides <lora:name:weight> tags in the prompt.")
                with { Fields = LoraFields() },
            Field(nameof(d.VaeModel), "string", false, d.VaeModel, null, ModelNameMaxLength, "A VAE from the catalog instead of the model's own; null = the model's."),
            Field(nameof(d.Hires), "object", false, d.Hires, null, null,
                $"Hires fix: {{upscaler (Latent, Lanczos, ... or an ESRGAN model), scale (1..{Generation.GenerationParametersValidator.HiresScaleMax}, default 2) or width/height, steps, denoising_strength (0..1)}}; null = off.")
                with { Fields = HiresFields(limits) },
            Field(nameof(d.VaeTiling), "boolean", false, d.VaeTiling, null, null, "Decode the image in tiles (less memory for large sizes); null = the server's default."),
            Field(nameof(d.RefImages), "array", false, d.RefImages, null, null,
                $"Reference images for Flux Kontext and Qwen Image Edit (other models answer 422), each base64 (or a data: URL) or an http(s) URL, " +
                $"at most {limits.MaxRefImages} (Sds:Limits:MaxRefImages) and {limits.MaxSize} px per edge; kept at their own size."),
            Field(nameof(d.Photomaker), "string", false, d.Photomaker, null, ModelNameMaxLength,
                "PhotoMaker weights from the catalog (GET /api/models?type=photomaker); needs an SDXL model (else 422), pm_id_images, and the trigger word 'img' in the prompt."),
            Field(nameof(d.PmIdImages), "array", false, d.PmIdImages, null, null,
                $"PhotoMaker: photos of the person, each base64 (or a data: URL) or an http(s) URL, at most {limits.MaxPmIdImages} (Sds:Limits:MaxPmIdImages)."),
            Field(nameof(d.PmStyleStrength), "number", false, d.PmStyleStrength, 0, Generation.GenerationParametersValidator.PmStyleStrengthMax,
                "PhotoMaker: how late (in percent of the steps) the identity is merged in; null = the library's 20."),
            Field(nameof(d.PmIdEmbedPath), "string", false, d.PmIdEmbedPath, null, Models.ModelReference.MaxLength,
                "PhotoMaker v2: the ID-embedding file (from the library's face_detect.py), as a path inside the models directory."),
            Field(nameof(d.Fault), "string", false, d.Fault, null, null, "Test only (--allow-fault-injection): fault to inject into the worker.", allowed: FaultNames.All.Keys.ToList()),
            Field(nameof(d.FaultAttempts), "integer", false, d.FaultAttempts, 1, null, "Test only, needs fault: inject on the first N attempts; null = every attempt."),
            Field(nameof(d.FaultStep), "integer", false, d.FaultStep, 1, null, "Test only, needs fault: sampling step at which the fault fires (at most steps)."),
            .. PresetFields(),
            Field(nameof(d.Taesd), "string", false, null, null, null,
                "Decode with a tiny autoencoder (fast, a little softer; previews use it too): true = the catalog's TAESD for the model's family, or a TAESD file's name; null/false = the model's VAE."),
        ];
    }

    /// <summary>The fields that name a presets/ or neg_prompts/ file (applied before the body is bound); image and video requests take them.</summary>
    public static IReadOnlyList<ParameterDescriptor> PresetFields() =>
    [
        Field(nameof(GenerationRequest.Preset), "string", false, null, null, null,
            "A preset from GET /api/presets: its fields fill in every field this request does not send (a field present in the body wins, even at its default)."),
        Field(nameof(GenerationRequest.NegativePromptPreset), "string", false, null, null, null,
            "A negative prompt file from GET /api/neg-prompts: its text goes before negative_prompt (joined with \", \")."),
    ];

    /// <summary>One element of <c>loras</c>, as <see cref="Generation.GenerationParametersValidator"/> checks it.</summary>
    private static IReadOnlyList<ParameterDescriptor> LoraFields()
    {
        const float limit = Generation.GenerationParametersValidator.LoraWeightLimit;
        return
        [
            Field(nameof(LoraRequest.Name), "string", true, null, null, ModelNameMaxLength, "A LoRA from the catalog (id or name)."),
            Field(nameof(LoraRequest.Weight), "number", false, (double)new LoraRequest().Weight, -limit, limit, "How strongly it applies."),
        ];
    }

    /// <summary>The members of <c>canny</c>, as <see cref="Generation.GenerationParametersValidator"/> checks them.</summary>
    private static IReadOnlyList<ParameterDescriptor> CannyFields() =>
    [
        Field(nameof(CannyRequest.HighThreshold), "number", false, (double)Contracts.CannySpec.DefaultHighThreshold, 0, 1, "Normalised gradient from which a pixel is a strong edge."),
        Field(nameof(CannyRequest.LowThreshold), "number", false, (double)Contracts.CannySpec.DefaultLowThreshold, 0, 1, "Gradient below which a pixel is no edge (at most high_threshold)."),
        Field(nameof(CannyRequest.Weak), "number", false, (double)Contracts.CannySpec.DefaultWeak, 0, 1, "Gray level of weak edges."),
        Field(nameof(CannyRequest.Strong), "number", false, (double)Contracts.CannySpec.DefaultStrong, 0, 1, "Gray level of strong edges."),
        Field(nameof(CannyRequest.Inverse), "boolean", false, false, null, null, "Dark edges on white instead of white on black."),
    ];

    /// <summary>The members of <c>hires</c>, as <see cref="Generation.GenerationParametersValidator"/> checks them.</summary>
    private static IReadOnlyList<ParameterDescriptor> HiresFields(LimitsOptions limits) =>
    [
        Field(nameof(HiresRequest.Enabled), "boolean", false, null, null, null, "False turns it off while keeping the settings."),
        Field(nameof(HiresRequest.Upscaler), "string", false, "Latent", null, ModelNameMaxLength,
            "A built-in upscaler (allowed) or an ESRGAN model from the catalog.", allowed: Generation.HiresUpscalers.Names),
        Field(nameof(HiresRequest.Scale), "number", false, 2.0, 1, Generation.GenerationParametersValidator.HiresScaleMax, "Factor over the first pass; ignored with width/height."),
        Field(nameof(HiresRequest.Width), "integer", false, null, limits.MinSize, limits.MaxSize, "Final width instead of scale.", SizeMultiple),
        Field(nameof(HiresRequest.Height), "integer", false, null, limits.MinSize, limits.MaxSize, "Final height instead of scale.", SizeMultiple),
        Field(nameof(HiresRequest.Steps), "integer", false, null, 1, limits.MaxSteps, "Second-pass steps; null = the first pass's."),
        Field(nameof(HiresRequest.DenoisingStrength), "number", false, null, 0, 1, "How much the second pass changes; null = the library's default."),
    ];

    private static ParameterDescriptor Field(string property, string type, bool required, object? @default, double? min, double? max,
        string description, int? multipleOf = null, IReadOnlyList<string>? allowed = null) =>
        new(ApiJson.Name(property), type, required, @default, min, max, multipleOf, allowed, description);
}
