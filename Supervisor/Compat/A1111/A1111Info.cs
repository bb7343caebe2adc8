using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>The <c>info</c> of a txt2img/img2img answer (A1111's <c>Processed.js()</c>), sent as a JSON string.</summary>
public sealed record A1111Info
{
    [JsonPropertyName("prompt")] public string Prompt { get; init; } = "";
    [JsonPropertyName("all_prompts")] public IReadOnlyList<string> AllPrompts { get; init; } = [];
    [JsonPropertyName("negative_prompt")] public string NegativePrompt { get; init; } = "";
    [JsonPropertyName("all_negative_prompts")] public IReadOnlyList<string> AllNegativePrompts { get; init; } = [];
    [JsonPropertyName("seed")] public long Seed { get; init; }
    [JsonPropertyName("all_seeds")] public IReadOnlyList<long> AllSeeds { get; init; } = [];
    [JsonPropertyName("subseed")] public long Subseed { get; init; } = -1;
    [JsonPropertyName("all_subseeds")] public IReadOnlyList<long> AllSubseeds { get; init; } = [];
    [JsonPropertyName("subseed_strength")] public float SubseedStrength { get; init; }
    [JsonPropertyName("width")] public int Width { get; init; }
    [JsonPropertyName("height")] public int Height { get; init; }
    [JsonPropertyName("sampler_name")] public string? SamplerName { get; init; }
    [JsonPropertyName("scheduler")] public string Scheduler { get; init; } = "Automatic";
    [JsonPropertyName("cfg_scale")] public float CfgScale { get; init; }
    [JsonPropertyName("steps")] public int Steps { get; init; }
    [JsonPropertyName("batch_size")] public int BatchSize { get; init; }
    [JsonPropertyName("n_iter")] public int NIter { get; init; }
    [JsonPropertyName("restore_faces")] public bool RestoreFaces { get; init; }
    [JsonPropertyName("face_restoration_model")] public string? FaceRestorationModel { get; init; }
    [JsonPropertyName("sd_model_name")] public string? SdModelName { get; init; }
    [JsonPropertyName("sd_model_hash")] public string? SdModelHash { get; init; }
    [JsonPropertyName("sd_vae_name")] public string? SdVaeName { get; init; }
    [JsonPropertyName("sd_vae_hash")] public string? SdVaeHash { get; init; }
    [JsonPropertyName("seed_resize_from_w")] public int SeedResizeFromW { get; init; } = -1;
    [JsonPropertyName("seed_resize_from_h")] public int SeedResizeFromH { get; init; } = -1;
    [JsonPropertyName("denoising_strength")] public float? DenoisingStrength { get; init; }
    [JsonPropertyName("extra_generation_params")] public IReadOnlyDictionary<string, object?> ExtraGenerationParams { get; init; } = new Dictionary<string, object?>();
    [JsonPropertyName("index_of_first_image")] public int IndexOfFirstImage { get; init; }
    [JsonPropertyName("infotexts")] public IReadOnlyList<string> Infotexts { get; init; } = [];
    [JsonPropertyName("styles")] public IReadOnlyList<string> Styles { get; init; } = [];
    [JsonPropertyName("job_timestamp")] public string JobTimestamp { get; init; } = "";
    [JsonPropertyName("clip_skip")] public int ClipSkip { get; init; } = 1;
    [JsonPropertyName("is_using_inpainting_conditioning")] public bool IsUsingInpaintingConditioning { get; init; }
    /// <summary>Not A1111's: the job behind this answer, to find it in <c>/api/queue/job/{id}</c>.</summary>
    [JsonPropertyName("job_id")] public string JobId { get; init; } = "";
    /// <summary>True when /sdapi/v1/interrupt (or skip, or a cancel) stopped the job; the images are then what was finished.</summary>
    [JsonPropertyName("interrupted")] public bool Interrupted { get; init; }
    [JsonPropertyName("version")] public string Version { get; init; } = "";
}
