using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SdSupervised.Worker.Native;

namespace SdSupervised.Tests.Native;

/// <summary>
/// The binding's structs against <c>include/stable-diffusion.h</c> at the pinned tag, byte for byte on x86-64.
/// The numbers were measured with <c>offsetof</c>/<c>sizeof</c> on the header itself; if the library moves a
/// field, regenerate them from the new header and this test says exactly which members of ours no longer fit.
/// </summary>
public sealed class NativeStructLayoutTests
{
    /// <summary>Every field of every struct: (our struct, our field, the header's field, its offset).</summary>
    public static readonly TheoryData<Type, string, string, int> Offsets = new()
    {
        // sd_ctx_params_t
        { typeof(SdCtxParams), "ModelPath", "model_path", 0 },
        { typeof(SdCtxParams), "ClipLPath", "clip_l_path", 8 },
        { typeof(SdCtxParams), "ClipGPath", "clip_g_path", 16 },
        { typeof(SdCtxParams), "ClipVisionPath", "clip_vision_path", 24 },
        { typeof(SdCtxParams), "T5xxlPath", "t5xxl_path", 32 },
        { typeof(SdCtxParams), "LlmPath", "llm_path", 40 },
        { typeof(SdCtxParams), "LlmVisionPath", "llm_vision_path", 48 },
        { typeof(SdCtxParams), "DiffusionModelPath", "diffusion_model_path", 56 },
        { typeof(SdCtxParams), "HighNoiseDiffusionModelPath", "high_noise_diffusion_model_path", 64 },
        { typeof(SdCtxParams), "UncondDiffusionModelPath", "uncond_diffusion_model_path", 72 },
        { typeof(SdCtxParams), "EmbeddingsConnectorsPath", "embeddings_connectors_path", 80 },
        { typeof(SdCtxParams), "VaePath", "vae_path", 88 },
        { typeof(SdCtxParams), "AudioVaePath", "audio_vae_path", 96 },
        { typeof(SdCtxParams), "TaesdPath", "taesd_path", 104 },
        { typeof(SdCtxParams), "ControlNetPath", "control_net_path", 112 },
        { typeof(SdCtxParams), "IpAdapterPath", "ip_adapter_path", 120 },
        { typeof(SdCtxParams), "MotionModulePath", "motion_module_path", 128 },
        { typeof(SdCtxParams), "Embeddings", "embeddings", 136 },
        { typeof(SdCtxParams), "EmbeddingCount", "embedding_count", 144 },
        { typeof(SdCtxParams), "PhotoMakerPath", "photo_maker_path", 152 },
        { typeof(SdCtxParams), "PulidWeightsPath", "pulid_weights_path", 160 },
        { typeof(SdCtxParams), "TensorTypeRules", "tensor_type_rules", 168 },
        { typeof(SdCtxParams), "NThreads", "n_threads", 176 },
        { typeof(SdCtxParams), "WeightType", "wtype", 180 },
        { typeof(SdCtxParams), "RngType", "rng_type", 184 },
        { typeof(SdCtxParams), "SamplerRngType", "sampler_rng_type", 188 },
        { typeof(SdCtxParams), "Prediction", "prediction", 192 },
        { typeof(SdCtxParams), "LoraApplyMode", "lora_apply_mode", 196 },
        { typeof(SdCtxParams), "EnableMmap", "enable_mmap", 200 },
        { typeof(SdCtxParams), "FlashAttn", "flash_attn", 201 },
        { typeof(SdCtxParams), "DiffusionFlashAttn", "diffusion_flash_attn", 202 },
        { typeof(SdCtxParams), "TaePreviewOnly", "tae_preview_only", 203 },
        { typeof(SdCtxParams), "DiffusionConvDirect", "diffusion_conv_direct", 204 },
        { typeof(SdCtxParams), "VaeConvDirect", "vae_conv_direct", 205 },
        { typeof(SdCtxParams), "ForceSdxlVaeConvScale", "force_sdxl_vae_conv_scale", 206 },
        { typeof(SdCtxParams), "VaeFormat", "vae_format", 208 },
        { typeof(SdCtxParams), "MaxVram", "max_vram", 216 },
        { typeof(SdCtxParams), "StreamLayers", "stream_layers", 224 },
        { typeof(SdCtxParams), "EagerLoad", "eager_load", 225 },
        { typeof(SdCtxParams), "Backend", "backend", 232 },
        { typeof(SdCtxParams), "ParamsBackend", "params_backend", 240 },
        { typeof(SdCtxParams), "SplitMode", "split_mode", 248 },
        { typeof(SdCtxParams), "AutoFit", "auto_fit", 256 },
        { typeof(SdCtxParams), "RpcServers", "rpc_servers", 264 },
        { typeof(SdCtxParams), "ModelArgs", "model_args", 272 },
        // sd_img_gen_params_t
        { typeof(SdImgGenParams), "Loras", "loras", 0 },
        { typeof(SdImgGenParams), "LoraCount", "lora_count", 8 },
        { typeof(SdImgGenParams), "Prompt", "prompt", 16 },
        { typeof(SdImgGenParams), "NegativePrompt", "negative_prompt", 24 },
        { typeof(SdImgGenParams), "ClipSkip", "clip_skip", 32 },
        { typeof(SdImgGenParams), "InitImage", "init_image", 40 },
        { typeof(SdImgGenParams), "RefImages", "ref_images", 64 },
        { typeof(SdImgGenParams), "RefImagesCount", "ref_images_count", 72 },
        { typeof(SdImgGenParams), "RefImageArgs", "ref_image_args", 80 },
        { typeof(SdImgGenParams), "MaskImage", "mask_image", 88 },
        { typeof(SdImgGenParams), "Width", "width", 112 },
        { typeof(SdImgGenParams), "Height", "height", 116 },
        { typeof(SdImgGenParams), "SampleParams", "sample_params", 120 },
        { typeof(SdImgGenParams), "Strength", "strength", 216 },
        { typeof(SdImgGenParams), "Seed", "seed", 224 },
        { typeof(SdImgGenParams), "BatchCount", "batch_count", 232 },
        { typeof(SdImgGenParams), "ControlImage", "control_image", 240 },
        { typeof(SdImgGenParams), "ControlStrength", "control_strength", 264 },
        { typeof(SdImgGenParams), "IpAdapterImage", "ip_adapter_image", 272 },
        { typeof(SdImgGenParams), "IpAdapterStrength", "ip_adapter_strength", 296 },
        { typeof(SdImgGenParams), "PmParams", "pm_params", 304 },
        { typeof(SdImgGenParams), "PulidParams", "pulid_params", 336 },
        { typeof(SdImgGenParams), "VaeTilingParams", "vae_tiling_params", 352 },
        { typeof(SdImgGenParams), "Cache", "cache", 384 },
        { typeof(SdImgGenParams), "Hires", "hires", 480 },
        { typeof(SdImgGenParams), "QwenImageLayers", "qwen_image_layers", 536 },
        { typeof(SdImgGenParams), "CircularX", "circular_x", 540 },
        { typeof(SdImgGenParams), "CircularY", "circular_y", 541 },
        // sd_vid_gen_params_t
        { typeof(SdVidGenParams), "Loras", "loras", 0 },
        { typeof(SdVidGenParams), "LoraCount", "lora_count", 8 },
        { typeof(SdVidGenParams), "Prompt", "prompt", 16 },
        { typeof(SdVidGenParams), "NegativePrompt", "negative_prompt", 24 },
        { typeof(SdVidGenParams), "ClipSkip", "clip_skip", 32 },
        { typeof(SdVidGenParams), "InitImage", "init_image", 40 },
        { typeof(SdVidGenParams), "EndImage", "end_image", 64 },
        { typeof(SdVidGenParams), "RefImages", "ref_images", 88 },
        { typeof(SdVidGenParams), "RefImagesCount", "ref_images_count", 96 },
        { typeof(SdVidGenParams), "RefVideos", "ref_videos", 104 },
        { typeof(SdVidGenParams), "RefVideosCount", "ref_videos_count", 112 },
        { typeof(SdVidGenParams), "RefAudios", "ref_audios", 120 },
        { typeof(SdVidGenParams), "RefAudiosCount", "ref_audios_count", 128 },
        { typeof(SdVidGenParams), "ControlFrames", "control_frames", 136 },
        { typeof(SdVidGenParams), "ControlFramesSize", "control_frames_size", 144 },
        { typeof(SdVidGenParams), "Width", "width", 148 },
        { typeof(SdVidGenParams), "Height", "height", 152 },
        { typeof(SdVidGenParams), "SampleParams", "sample_params", 160 },
        { typeof(SdVidGenParams), "HighNoiseSampleParams", "high_noise_sample_params", 256 },
        { typeof(SdVidGenParams), "MoeBoundary", "moe_boundary", 352 },
        { typeof(SdVidGenParams), "Strength", "strength", 356 },
        { typeof(SdVidGenParams), "Seed", "seed", 360 },
        { typeof(SdVidGenParams), "VideoFrames", "video_frames", 368 },
        { typeof(SdVidGenParams), "Fps", "fps", 372 },
        { typeof(SdVidGenParams), "VaceStrength", "vace_strength", 376 },
        { typeof(SdVidGenParams), "VaeTilingParams", "vae_tiling_params", 384 },
        { typeof(SdVidGenParams), "Cache", "cache", 416 },
        { typeof(SdVidGenParams), "Hires", "hires", 512 },
        { typeof(SdVidGenParams), "CircularX", "circular_x", 568 },
        { typeof(SdVidGenParams), "CircularY", "circular_y", 569 },
        // sd_sample_params_t
        { typeof(SdSampleParams), "Guidance", "guidance", 0 },
        { typeof(SdSampleParams), "Scheduler", "scheduler", 48 },
        { typeof(SdSampleParams), "SampleMethod", "sample_method", 52 },
        { typeof(SdSampleParams), "SampleSteps", "sample_steps", 56 },
        { typeof(SdSampleParams), "Eta", "eta", 60 },
        { typeof(SdSampleParams), "ShiftedTimestep", "shifted_timestep", 64 },
        { typeof(SdSampleParams), "CustomSigmas", "custom_sigmas", 72 },
        { typeof(SdSampleParams), "CustomSigmasCount", "custom_sigmas_count", 80 },
        { typeof(SdSampleParams), "FlowShift", "flow_shift", 84 },
        { typeof(SdSampleParams), "ExtraSampleArgs", "extra_sample_args", 88 },
        // sd_guidance_params_t
        { typeof(SdGuidanceParams), "TxtCfg", "txt_cfg", 0 },
        { typeof(SdGuidanceParams), "ImgCfg", "img_cfg", 4 },
        { typeof(SdGuidanceParams), "DistilledGuidance", "distilled_guidance", 8 },
        { typeof(SdGuidanceParams), "Slg", "slg", 16 },
        // sd_slg_params_t
        { typeof(SdSlgParams), "Layers", "layers", 0 },
        { typeof(SdSlgParams), "LayerCount", "layer_count", 8 },
        { typeof(SdSlgParams), "LayerStart", "layer_start", 16 },
        { typeof(SdSlgParams), "LayerEnd", "layer_end", 20 },
        { typeof(SdSlgParams), "Scale", "scale", 24 },
        // sd_image_t
        { typeof(SdImage), "Width", "width", 0 },
        { typeof(SdImage), "Height", "height", 4 },
        { typeof(SdImage), "Channel", "channel", 8 },
        { typeof(SdImage), "Data", "data", 16 },
        // sd_lora_t
        { typeof(SdLora), "IsHighNoise", "is_high_noise", 0 },
        { typeof(SdLora), "Multiplier", "multiplier", 4 },
        { typeof(SdLora), "Path", "path", 8 },
        // sd_embedding_t
        { typeof(SdEmbedding), "Name", "name", 0 },
        { typeof(SdEmbedding), "Path", "path", 8 },
        // sd_tiling_params_t
        { typeof(SdTilingParams), "Enabled", "enabled", 0 },
        { typeof(SdTilingParams), "TemporalTiling", "temporal_tiling", 1 },
        { typeof(SdTilingParams), "TileSizeX", "tile_size_x", 4 },
        { typeof(SdTilingParams), "TileSizeY", "tile_size_y", 8 },
        { typeof(SdTilingParams), "TargetOverlap", "target_overlap", 12 },
        { typeof(SdTilingParams), "RelSizeX", "rel_size_x", 16 },
        { typeof(SdTilingParams), "RelSizeY", "rel_size_y", 20 },
        { typeof(SdTilingParams), "ExtraTilingArgs", "extra_tiling_args", 24 },
        // sd_cache_params_t
        { typeof(SdCacheParams), "Mode", "mode", 0 },
        { typeof(SdCacheParams), "ReuseThreshold", "reuse_threshold", 4 },
        { typeof(SdCacheParams), "StartPercent", "start_percent", 8 },
        { typeof(SdCacheParams), "EndPercent", "end_percent", 12 },
        { typeof(SdCacheParams), "ErrorDecayRate", "error_decay_rate", 16 },
        { typeof(SdCacheParams), "UseRelativeThreshold", "use_relative_threshold", 20 },
        { typeof(SdCacheParams), "ResetErrorOnCompute", "reset_error_on_compute", 21 },
        { typeof(SdCacheParams), "FnComputeBlocks", "Fn_compute_blocks", 24 },
        { typeof(SdCacheParams), "BnComputeBlocks", "Bn_compute_blocks", 28 },
        { typeof(SdCacheParams), "ResidualDiffThreshold", "residual_diff_threshold", 32 },
        { typeof(SdCacheParams), "MaxWarmupSteps", "max_warmup_steps", 36 },
        { typeof(SdCacheParams), "MaxCachedSteps", "max_cached_steps", 40 },
        { typeof(SdCacheParams), "MaxContinuousCachedSteps", "max_continuous_cached_steps", 44 },
        { typeof(SdCacheParams), "TaylorseerNDerivatives", "taylorseer_n_derivatives", 48 },
        { typeof(SdCacheParams), "TaylorseerSkipInterval", "taylorseer_skip_interval", 52 },
        { typeof(SdCacheParams), "ScmMask", "scm_mask", 56 },
        { typeof(SdCacheParams), "ScmPolicyDynamic", "scm_policy_dynamic", 64 },
        { typeof(SdCacheParams), "SpectrumW", "spectrum_w", 68 },
        { typeof(SdCacheParams), "SpectrumM", "spectrum_m", 72 },
        { typeof(SdCacheParams), "SpectrumLam", "spectrum_lam", 76 },
        { typeof(SdCacheParams), "SpectrumWindowSize", "spectrum_window_size", 80 },
        { typeof(SdCacheParams), "SpectrumFlexWindow", "spectrum_flex_window", 84 },
        { typeof(SdCacheParams), "SpectrumWarmupSteps", "spectrum_warmup_steps", 88 },
        { typeof(SdCacheParams), "SpectrumStopPercent", "spectrum_stop_percent", 92 },
        // sd_hires_params_t
        { typeof(SdHiresParams), "Enabled", "enabled", 0 },
        { typeof(SdHiresParams), "Upscaler", "upscaler", 4 },
        { typeof(SdHiresParams), "ModelPath", "model_path", 8 },
        { typeof(SdHiresParams), "Scale", "scale", 16 },
        { typeof(SdHiresParams), "TargetWidth", "target_width", 20 },
        { typeof(SdHiresParams), "TargetHeight", "target_height", 24 },
        { typeof(SdHiresParams), "Steps", "steps", 28 },
        { typeof(SdHiresParams), "DenoisingStrength", "denoising_strength", 32 },
        { typeof(SdHiresParams), "UpscaleTileSize", "upscale_tile_size", 36 },
        { typeof(SdHiresParams), "CustomSigmas", "custom_sigmas", 40 },
        { typeof(SdHiresParams), "CustomSigmasCount", "custom_sigmas_count", 48 },
        // sd_pm_params_t
        { typeof(SdPmParams), "IdImages", "id_images", 0 },
        { typeof(SdPmParams), "IdImagesCount", "id_images_count", 8 },
        { typeof(SdPmParams), "IdEmbedPath", "id_embed_path", 16 },
        { typeof(SdPmParams), "StyleStrength", "style_strength", 24 },
        // sd_pulid_params_t
        { typeof(SdPulidParams), "IdEmbeddingPath", "id_embedding_path", 0 },
        { typeof(SdPulidParams), "IdWeight", "id_weight", 8 },
    };

    public static readonly TheoryData<Type, string, int> Sizes = new()
    {
        { typeof(SdCtxParams), "sd_ctx_params_t", 280 },
        { typeof(SdImgGenParams), "sd_img_gen_params_t", 544 },
        { typeof(SdVidGenParams), "sd_vid_gen_params_t", 576 },
        { typeof(SdSampleParams), "sd_sample_params_t", 96 },
        { typeof(SdGuidanceParams), "sd_guidance_params_t", 48 },
        { typeof(SdSlgParams), "sd_slg_params_t", 32 },
        { typeof(SdImage), "sd_image_t", 24 },
        { typeof(SdLora), "sd_lora_t", 16 },
        { typeof(SdEmbedding), "sd_embedding_t", 16 },
        { typeof(SdTilingParams), "sd_tiling_params_t", 32 },
        { typeof(SdCacheParams), "sd_cache_params_t", 96 },
        { typeof(SdHiresParams), "sd_hires_params_t", 56 },
        { typeof(SdPmParams), "sd_pm_params_t", 32 },
        { typeof(SdPulidParams), "sd_pulid_params_t", 16 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Struct_has_the_size_of_its_C_counterpart(Type type, string cName, int size)
    {
        Assert.True(IsBlittable(type), $"{type.Name} must be blittable to be passed by pointer");
        Assert.True(size == ManagedSize(type), $"{type.Name} is {ManagedSize(type)} bytes, {cName} is {size}");
        Assert.Equal(size, Marshal.SizeOf(type));
    }

    [Theory]
    [MemberData(nameof(Offsets))]
    public void Field_sits_at_the_offset_of_its_C_counterpart(Type type, string field, string cField, int offset)
    {
        var actual = (int)Marshal.OffsetOf(type, field);
        Assert.True(offset == actual, $"{type.Name}.{field} is at {actual}, the header's {cField} at {offset}");
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Every_field_of_the_struct_is_in_the_offset_table(Type type, string cName, int size)
    {
        _ = size;
        var listed = Offsets.Select(row => ((Type)row[0], (string)row[1])).Where(row => row.Item1 == type).Select(row => row.Item2).ToList();
        var declared = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Select(f => f.Name).ToList();
        Assert.True(declared.Order().SequenceEqual(listed.Order()), $"{type.Name} ({cName}) declares [{string.Join(", ", declared)}], the table lists [{string.Join(", ", listed)}]");
    }

    [Fact]
    public void C_bool_is_one_byte_and_reads_back()
    {
        Assert.Equal(1, Unsafe.SizeOf<CBool>());
        CBool yes = true;
        CBool no = false;
        Assert.Equal((byte)1, Unsafe.As<CBool, byte>(ref yes));
        Assert.Equal((byte)0, Unsafe.As<CBool, byte>(ref no));
        Assert.True(yes);
        Assert.False(no);
    }

    [Fact]
    public void Cancel_mode_and_log_level_have_the_header_values()
    {
        Assert.Equal([0, 1, 2], new[] { SdCancelMode.All, SdCancelMode.NewLatents, SdCancelMode.Reset }.Select(m => (int)m));
        Assert.Equal([0, 1, 2, 3], new[] { SdLogLevel.Debug, SdLogLevel.Info, SdLogLevel.Warn, SdLogLevel.Error }.Select(l => (int)l));
        Assert.Equal(sizeof(int), Unsafe.SizeOf<SdCancelMode>());
    }

    private static int ManagedSize(Type type) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;

    private static bool IsBlittable(Type type)
    {
        try
        {
            GCHandle.Alloc(RuntimeHelpers.GetUninitializedObject(type), GCHandleType.Pinned).Free();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
