using static SdSupervised.Supervisor.Models.Detection.ModelArchitecture;

namespace SdSupervised.Supervisor.Models.Detection;

/// <summary>
/// Per architecture: the API id, how it loads, which companions it needs (the seed's "Model Architecture
/// Requirements") and the settings that suit it (sd.cpp's docs at the pinned tag). Detection is in
/// <see cref="ArchitectureSignatures"/>.
/// </summary>
public static class Architectures
{
    private const string TextEncoders = "text_encoders";

    private static readonly RecommendedDefaults Sd1Defaults = new() { CfgScale = 7, SamplingMethod = "euler_a", Steps = 20, Width = 512, Height = 512 };
    private static readonly RecommendedDefaults Sd2Defaults = Sd1Defaults with { Width = 768, Height = 768, Notes = "768x768 for the 768-v models, 512x512 for the base and inpainting models" };
    private static readonly RecommendedDefaults SdxlDefaults = Sd1Defaults with { Width = 1024, Height = 1024 };
    private static readonly RecommendedDefaults Sd3Defaults = new()
    {
        CfgScale = 4.5f, SamplingMethod = "euler", Steps = 28, Width = 1024, Height = 1024, ClipOnCpu = true,
    };
    private static readonly RecommendedDefaults FluxDefaults = new()
    {
        CfgScale = 1, SamplingMethod = "euler", Steps = 20, Width = 1024, Height = 1024, Guidance = 3.5f, ClipOnCpu = true,
        Notes = "cfg_scale 1: Flux uses distilled guidance instead",
    };
    private static readonly RecommendedDefaults ChromaDefaults = new()
    {
        CfgScale = 4, SamplingMethod = "euler", Steps = 26, Width = 1024, Height = 1024, ClipOnCpu = true,
        Notes = "sd.cpp suggests --model-args chroma_use_dit_mask=false",
    };
    private static readonly RecommendedDefaults WanDefaults = new()
    {
        CfgScale = 6, SamplingMethod = "euler", Steps = 20, Width = 832, Height = 480, FlowShift = 3, DiffusionFlashAttention = true,
        OffloadToCpu = true, Notes = "a video model: text2img renders one frame",
    };
    private static readonly RecommendedDefaults Wan22A14BDefaults = WanDefaults with
    {
        CfgScale = 3.5f, Steps = 10, Notes = "Wan 2.2 A14B is a pair: the high-noise expert runs first, then the low-noise one",
    };
    private static readonly RecommendedDefaults QwenDefaults = new()
    {
        CfgScale = 2.5f, SamplingMethod = "euler", Steps = 20, Width = 1024, Height = 1024, FlowShift = 3, OffloadToCpu = true,
        DiffusionFlashAttention = true,
    };

    private static readonly Dictionary<ModelArchitecture, ArchitectureInfo> Table = Build();
    private static readonly Dictionary<string, ArchitectureInfo> ById = Table.Values.ToDictionary(i => i.Id, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyCollection<ArchitectureInfo> All => Table.Values;

    public static ArchitectureInfo Get(ModelArchitecture architecture) => Table[architecture];

    public static ArchitectureInfo? Find(string id) => ById.GetValueOrDefault(id);

    private static Dictionary<ModelArchitecture, ArchitectureInfo> Build()
    {
        var list = new List<ArchitectureInfo>
        {
            Other(Unknown, "unknown", "Unknown", ModelRole.Unknown),

            Unet(Sd1, "sd1", "Stable Diffusion 1.x", ModelFamily.Sd1, Sd1Defaults),
            Unet(Sd1Inpaint, "sd1_inpaint", "Stable Diffusion 1.x inpainting", ModelFamily.Sd1, Sd1Defaults),
            Unet(Sd1Pix2Pix, "sd1_pix2pix", "InstructPix2Pix (SD 1.x)", ModelFamily.Sd1, Sd1Defaults),
            Unet(TinySd, "tiny_sd", "Tiny SD (SD 1.x tiny U-Net)", ModelFamily.Sd1, Sd1Defaults),
            Unet(Sdxs512, "sdxs_512", "SDXS-512 (SD 1.x, one step)", ModelFamily.Sd1, Sd1Defaults with { CfgScale = 1, Steps = 1 }),
            Unet(Sd2, "sd2", "Stable Diffusion 2.x", ModelFamily.Sd2, Sd2Defaults),
            Unet(Sd2Inpaint, "sd2_inpaint", "Stable Diffusion 2.x inpainting", ModelFamily.Sd2, Sd2Defaults with { Width = 512, Height = 512 }),
            Unet(Sd2TinyUnet, "sd2_tiny_unet", "SD 2.x tiny U-Net", ModelFamily.Sd2, Sd2Defaults with { Width = 512, Height = 512 }),
            Unet(Sdxl, "sdxl", "Stable Diffusion XL (base)", ModelFamily.Sdxl, SdxlDefaults),
            Unet(SdxlInpaint, "sdxl_inpaint", "SDXL inpainting", ModelFamily.Sdxl, SdxlDefaults),
            Unet(SdxlPix2Pix, "sdxl_pix2pix", "InstructPix2Pix (SDXL)", ModelFamily.Sdxl, SdxlDefaults),
            Unet(Ssd1b, "ssd_1b", "Segmind SSD-1B (distilled SDXL)", ModelFamily.Sdxl, SdxlDefaults),
            Unet(SdxlVega, "sdxl_vega", "Segmind Vega (distilled SDXL)", ModelFamily.Sdxl, SdxlDefaults),
            Unet(SdxlRefiner, "sdxl_refiner", "Stable Diffusion XL refiner", ModelFamily.Sdxl, SdxlDefaults) with
            {
                Unsupported = "the pinned stable-diffusion.cpp (master-827) does not recognise the SDXL refiner (its only text encoder is OpenCLIP-G)",
            },
            Unet(Svd, "svd", "Stable Video Diffusion", ModelFamily.Unknown, null) with
            {
                Unsupported = "Stable Video Diffusion is an image-to-video model; this server has no video generation yet",
            },

            Dit(Sd3Medium, "sd3_medium", "Stable Diffusion 3 Medium", ModelFamily.Sd3, Sd3Defaults, Sd3Companions()),
            Dit(Sd35Medium, "sd3_5_medium", "Stable Diffusion 3.5 Medium", ModelFamily.Sd3, Sd3Defaults, Sd3Companions()),
            Dit(Sd35Large, "sd3_5_large", "Stable Diffusion 3.5 Large", ModelFamily.Sd3, Sd3Defaults with { CfgScale = 4.5f }, Sd3Companions()),

            Dit(FluxDev, "flux_dev", "Flux.1 dev", ModelFamily.Flux, FluxDefaults, FluxCompanions()),
            Dit(FluxSchnell, "flux_schnell", "Flux.1 schnell", ModelFamily.Flux, FluxDefaults with { Steps = 4, Guidance = null }, FluxCompanions()),
            Dit(FluxKontext, "flux_kontext", "Flux.1 Kontext dev", ModelFamily.Flux, FluxDefaults with { Guidance = 2.5f, Notes = "an editing model: give it a reference image" }, FluxCompanions()),
            Dit(FluxFill, "flux_fill", "Flux.1 Fill dev", ModelFamily.Flux, FluxDefaults with { Guidance = 30, Notes = "an inpainting model" }, FluxCompanions()),
            Dit(FluxControls, "flux_controls", "Flux.1 Depth/Canny dev", ModelFamily.Flux, FluxDefaults with { Guidance = 10 }, FluxCompanions()),
            Dit(Chroma, "chroma", "Chroma", ModelFamily.Chroma, ChromaDefaults,
            [
                Need(CompanionKind.Vae, Necessity.Required, "vae", VaeFlux),
                Need(CompanionKind.T5xxl, Necessity.Required, TextEncoders, T5Xxl),
                Tae(ModelFamily.Flux),
            ]),
            Dit(ChromaRadiance, "chroma_radiance", "Chroma1-Radiance (pixel space)", ModelFamily.Chroma, ChromaDefaults with { Notes = "no VAE: it works on pixels" },
            [
                Need(CompanionKind.T5xxl, Necessity.Required, TextEncoders, T5Xxl),
            ]),

            Dit(Wan21T2V, "wan2_1_t2v", "Wan 2.1 T2V", ModelFamily.Wan, WanDefaults, WanCompanions(VaeWan21)),
            Dit(Wan21I2V, "wan2_1_i2v", "Wan 2.1 I2V", ModelFamily.Wan, WanDefaults, [.. WanCompanions(VaeWan21), ClipVisionNeed()]),
            Dit(Wan21Flf2V, "wan2_1_flf2v", "Wan 2.1 FLF2V", ModelFamily.Wan, WanDefaults, [.. WanCompanions(VaeWan21), ClipVisionNeed()]),
            Dit(Wan21Vace, "wan2_1_vace", "Wan 2.1 VACE", ModelFamily.Wan, WanDefaults, WanCompanions(VaeWan21)),
            Dit(Wan22T2V, "wan2_2_t2v", "Wan 2.2 T2V A14B", ModelFamily.Wan, Wan22A14BDefaults, WanCompanions(VaeWan21)),
            Dit(Wan22I2V, "wan2_2_i2v", "Wan 2.2 I2V A14B", ModelFamily.Wan, Wan22A14BDefaults, WanCompanions(VaeWan21)),
            Dit(Wan22Ti2V, "wan2_2_ti2v", "Wan 2.2 TI2V 5B", ModelFamily.Wan, WanDefaults with { Width = 480, Height = 832 }, WanCompanions(VaeWan22)),

            Dit(QwenImage, "qwen_image", "Qwen Image", ModelFamily.QwenImage, QwenDefaults, QwenCompanions()),
            Dit(QwenImageEdit, "qwen_image_edit", "Qwen Image Edit", ModelFamily.QwenImage, QwenDefaults with { Notes = "an editing model: give it a reference image" }, QwenCompanions()),

            Other(ClipL, "clip_l", "CLIP-L text encoder", ModelRole.TextEncoder),
            Other(ClipG, "clip_g", "OpenCLIP-G text encoder", ModelRole.TextEncoder),
            Other(ClipH, "clip_h", "OpenCLIP-H text encoder", ModelRole.TextEncoder),
            Other(T5Xxl, "t5xxl", "T5-XXL text encoder", ModelRole.TextEncoder),
            Other(Umt5Xxl, "umt5_xxl", "UMT5-XXL text encoder", ModelRole.TextEncoder),
            Other(Qwen25Vl, "qwen2_5_vl", "Qwen2.5-VL 7B (LLM text encoder)", ModelRole.TextEncoder),
            Other(Qwen25VlVision, "qwen2_5_vl_vision", "Qwen2.5-VL vision tower (mmproj)", ModelRole.TextEncoder),
            Other(ClipVision, "clip_vision", "CLIP vision encoder", ModelRole.ClipVision),
            Other(VaeSd, "vae_sd", "SD 1.x/2.x VAE", ModelRole.Vae) with { Family = ModelFamily.Sd1 },
            Other(VaeSdxl, "vae_sdxl", "SDXL VAE", ModelRole.Vae) with { Family = ModelFamily.Sdxl },
            Other(VaeFlux, "vae_flux", "Flux VAE (16 channels)", ModelRole.Vae) with { Family = ModelFamily.Flux },
            Other(VaeSd3, "vae_sd3", "SD3 VAE (16 channels)", ModelRole.Vae) with { Family = ModelFamily.Sd3 },
            Other(VaeWan21, "vae_wan2_1", "Wan 2.1 VAE", ModelRole.Vae) with { Family = ModelFamily.Wan },
            Other(VaeQwenImage, "vae_qwen_image", "Qwen Image VAE", ModelRole.Vae) with { Family = ModelFamily.QwenImage },
            Other(VaeWan22, "vae_wan2_2", "Wan 2.2 VAE (48 channels)", ModelRole.Vae) with { Family = ModelFamily.Wan },
            Other(Taesd, "taesd", "TAESD tiny autoencoder", ModelRole.Taesd),
            Other(Esrgan, "esrgan", "ESRGAN upscaler", ModelRole.Upscaler),
            Other(ControlNet, "controlnet", "ControlNet", ModelRole.ControlNet),
            Other(Lora, "lora", "LoRA", ModelRole.Lora),
            Other(PhotoMaker, "photomaker", "PhotoMaker", ModelRole.PhotoMaker),
            Other(Embedding, "embedding", "Textual inversion embedding", ModelRole.Embedding),
        };
        return list.ToDictionary(i => i.Architecture);
    }

    private static ArchitectureInfo Unet(ModelArchitecture a, string id, string name, ModelFamily family, RecommendedDefaults? defaults)
    {
        CompanionRequirement[] companions = family switch
        {
            ModelFamily.Sd1 =>
            [
                Need(CompanionKind.Vae, Necessity.Required, "vae", VaeSd),
                Need(CompanionKind.ClipL, Necessity.Required, TextEncoders, ClipL),
                Tae(ModelFamily.Sd1),
            ],
            ModelFamily.Sd2 =>
            [
                Need(CompanionKind.Vae, Necessity.Required, "vae", VaeSd),
                // The engine takes SD2's text encoder only from the checkpoint itself.
                Need(CompanionKind.ClipH, Necessity.Required, "checkpoints"),
                Tae(ModelFamily.Sd1),
            ],
            ModelFamily.Sdxl =>
            [
                Need(CompanionKind.Vae, Necessity.Required, "vae", VaeSdxl),
                Need(CompanionKind.ClipL, Necessity.Required, TextEncoders, ClipL),
                Need(CompanionKind.ClipG, Necessity.Required, TextEncoders, ClipG),
                Tae(ModelFamily.Sdxl),
            ],
            _ => [],
        };
        return new ArchitectureInfo
        {
            Architecture = a, Id = id, DisplayName = name, Role = ModelRole.DiffusionModel, Family = family,
            Loading = LoadingMethod.ModelPath, Companions = companions, Defaults = defaults,
        };
    }

    private static ArchitectureInfo Dit(ModelArchitecture a, string id, string name, ModelFamily family, RecommendedDefaults defaults,
        IReadOnlyList<CompanionRequirement> companions) => new()
    {
        Architecture = a, Id = id, DisplayName = name, Role = ModelRole.DiffusionModel, Family = family,
        Loading = LoadingMethod.DiffusionModelPath, Companions = companions, Defaults = defaults,
    };

    private static ArchitectureInfo Other(ModelArchitecture a, string id, string name, ModelRole role) => new()
    {
        Architecture = a, Id = id, DisplayName = name, Role = role, Loading = LoadingMethod.None,
    };

    private static CompanionRequirement Need(CompanionKind kind, Necessity necessity, string folder, params ModelArchitecture[] accepts) =>
        new(kind, necessity, accepts, folder);

    private static CompanionRequirement Tae(ModelFamily family) =>
        new(CompanionKind.Taesd, Necessity.Optional, [Taesd], "taesd") { Family = family };

    private static CompanionRequirement ClipVisionNeed() => Need(CompanionKind.ClipVision, Necessity.Required, "clip_vision", ClipVision);

    private static CompanionRequirement[] Sd3Companions() =>
    [
        Need(CompanionKind.Vae, Necessity.Required, "vae", VaeSd3),
        Need(CompanionKind.ClipL, Necessity.Required, TextEncoders, ClipL),
        Need(CompanionKind.ClipG, Necessity.Required, TextEncoders, ClipG),
        Need(CompanionKind.T5xxl, Necessity.Recommended, TextEncoders, T5Xxl),
        Tae(ModelFamily.Sd3),
    ];

    private static CompanionRequirement[] FluxCompanions() =>
    [
        Need(CompanionKind.Vae, Necessity.Required, "vae", VaeFlux),
        Need(CompanionKind.ClipL, Necessity.Required, TextEncoders, ClipL),
        Need(CompanionKind.T5xxl, Necessity.Required, TextEncoders, T5Xxl),
        Tae(ModelFamily.Flux),
    ];

    private static CompanionRequirement[] WanCompanions(ModelArchitecture vae) =>
    [
        Need(CompanionKind.Vae, Necessity.Required, "vae", vae),
        Need(CompanionKind.Umt5, Necessity.Required, TextEncoders, Umt5Xxl),
    ];

    private static CompanionRequirement[] QwenCompanions() =>
    [
        Need(CompanionKind.Vae, Necessity.Required, "vae", VaeQwenImage, VaeWan21),
        Need(CompanionKind.Llm, Necessity.Required, TextEncoders, Qwen25Vl),
    ];
}
