using System.Text.Json;
using System.Text.Json.Serialization;
using SdSupervised.Supervisor.Api;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>
/// The fields of A1111's <c>StableDiffusionProcessingTxt2Img</c> API model that this server honours, with A1111's
/// defaults. Every field is nullable because A1111's are all optional and clients send <c>null</c> freely; fields not
/// declared here (styles, subseed, restore_faces, tiling, script_args, alwayson_scripts, ...) are ignored.
/// </summary>
public class A1111GenerationRequest
{
    [JsonPropertyName("prompt")] public string? Prompt { get; set; }
    [JsonPropertyName("negative_prompt")] public string? NegativePrompt { get; set; }
    [JsonPropertyName("seed"), JsonConverter(typeof(SeedJsonConverter))] public long Seed { get; set; } = -1;
    [JsonPropertyName("sampler_name")] public string? SamplerName { get; set; }
    /// <summary>A1111's older name for the sampler; used when <see cref="SamplerName"/> is blank.</summary>
    [JsonPropertyName("sampler_index")] public string? SamplerIndex { get; set; }
    [JsonPropertyName("scheduler")] public string? Scheduler { get; set; }
    [JsonPropertyName("batch_size")] public int? BatchSize { get; set; }
    [JsonPropertyName("n_iter")] public int? NIter { get; set; }
    [JsonPropertyName("steps")] public int? Steps { get; set; }
    [JsonPropertyName("cfg_scale")] public float? CfgScale { get; set; }
    [JsonPropertyName("width")] public int? Width { get; set; }
    [JsonPropertyName("height")] public int? Height { get; set; }
    /// <summary>img2img: how far from the init image; txt2img: the hires pass's denoising.</summary>
    [JsonPropertyName("denoising_strength")] public float? DenoisingStrength { get; set; }
    /// <summary>Values of any JSON type (A1111 takes its whole options table here); only a few keys are honoured.</summary>
    [JsonPropertyName("override_settings")] public Dictionary<string, JsonElement>? OverrideSettings { get; set; }
    [JsonPropertyName("send_images")] public bool? SendImages { get; set; }

    [JsonPropertyName("enable_hr")] public bool? EnableHr { get; set; }
    [JsonPropertyName("hr_scale")] public float? HrScale { get; set; }
    [JsonPropertyName("hr_upscaler")] public string? HrUpscaler { get; set; }
    [JsonPropertyName("hr_second_pass_steps")] public int? HrSecondPassSteps { get; set; }
    [JsonPropertyName("hr_resize_x")] public int? HrResizeX { get; set; }
    [JsonPropertyName("hr_resize_y")] public int? HrResizeY { get; set; }
}

/// <summary>A1111's <c>StableDiffusionProcessingImg2Img</c> API model: txt2img's fields plus the input images.</summary>
public sealed class A1111Img2ImgRequest : A1111GenerationRequest
{
    /// <summary>Base64 (or data URL, or http(s) URL) images; the first one is used.</summary>
    [JsonPropertyName("init_images")] public List<string?>? InitImages { get; set; }
    [JsonPropertyName("mask")] public string? Mask { get; set; }
    /// <summary>A1111 sends 0 or 1; true/false are taken too.</summary>
    [JsonPropertyName("inpainting_mask_invert"), JsonConverter(typeof(A1111FlexibleBoolConverter))] public bool InpaintingMaskInvert { get; set; }
}
