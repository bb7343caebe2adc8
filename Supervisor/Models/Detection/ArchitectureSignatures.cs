using static SdSupervised.Supervisor.Models.Detection.ModelArchitecture;

namespace SdSupervised.Supervisor.Models.Detection;

/// <summary>
/// THE table: how each architecture is recognised from tensor names and shapes. Learned from
/// stable-diffusion.cpp's own detection (<c>get_sd_version</c> in src/model_loader.cpp and the model classes'
/// <c>detect_from_weights</c>, tag master-827-97d2990), written anew here, and extended to the companion files
/// sd.cpp never has to guess (it is told which file is the VAE).
/// Rows are tried in order and the first match wins, so add-ons (whose names embed the names of the model they
/// patch) come first, then diffusion models, then companions. Shapes are PyTorch order ([out, in, ...]);
/// a name fragment matches with or without the full-checkpoint prefix (<c>model.diffusion_model.</c>).
/// </summary>
public static class ArchitectureSignatures
{
    public sealed record Row(ModelArchitecture Architecture, string Evidence, Func<TensorIndex, bool> Matches);

    public static readonly IReadOnlyList<Row> Table =
    [
        // ---- Add-ons: their tensor names contain the names of the layers they patch --------------------------
        new(PhotoMaker, "id_encoder.fuse_module.mlp1.* or visual_projection_2.weight [1280, 1024] (v2: qformer_perceiver.*)",
            t => t.Has("fuse_module.mlp1.") || t.Has("visual_projection_2.")),
        new(Lora, ".lora_down./.lora_up., .lora_A./.lora_B., lora_unet_*/lora_te*_, LoHa hada_w1_a, LoKr lokr_w1",
            IsLora),
        new(ControlNet, "input_hint_block.N.* and zero_convs.N.* (LDM), or controlnet_cond_embedding.* (diffusers)",
            t => t.Has("input_hint_block.") || t.Has("controlnet_cond_embedding.")),

        // ---- SD3 / SD3.5 (MMDiT) ------------------------------------------------------------------------------
        new(Sd35Large, "joint_blocks.N.* with 38 blocks, x_embedder.proj.weight [2432, 16, 2, 2]",
            t => t.Has("joint_blocks.") && (t.Blocks("joint_blocks.") >= 38 || t.Dim("x_embedder.proj.weight", 0) == 2432)),
        new(Sd35Medium, "joint_blocks.N.* with joint_blocks.0.x_block.attn2.* (MMDiT-X), hidden 1536",
            t => t.Has("joint_blocks.") && t.Has("x_block.attn2.")),
        new(Sd3Medium, "joint_blocks.N.* (24 blocks), x_embedder.proj.weight [1536, 16, 2, 2], no attn2",
            t => t.Has("joint_blocks.")),

        // ---- Flux family (double_blocks + single_blocks; diffusers: single_transformer_blocks) -----------------
        new(ChromaRadiance, "Flux-like blocks with nerf_final_layer_conv.* and img_in_patch.weight [3072, 3, 16, 16] (pixel space)",
            t => t.Has("nerf_final_layer_conv.")),
        new(Chroma, "Flux-like blocks with distilled_guidance_layer.in_proj.weight [5120, 64], no vector_in/guidance_in",
            t => IsFluxLike(t) && t.Has("distilled_guidance_layer.")),
        new(FluxFill, "Flux blocks with img_in.weight [3072, 384] (latent + mask channels)",
            t => IsFluxLike(t) && FluxInChannels(t) == 384),
        new(FluxControls, "Flux blocks with img_in.weight [3072, 128] (Depth/Canny dev)",
            t => IsFluxLike(t) && FluxInChannels(t) == 128),
        new(FluxKontext, "Flux dev tensors and 'kontext' in the file name or metadata (its tensors equal dev's)",
            t => IsFluxLike(t) && FluxHasGuidance(t) && t.Hints("kontext")),
        new(FluxSchnell, "Flux blocks without guidance_in.* (no distilled guidance)",
            t => IsFluxLike(t) && !FluxHasGuidance(t)),
        new(FluxDev, "double_blocks.N.img_attn.qkv.weight [9216, 3072], single_blocks.N.*, guidance_in.in_layer.weight [3072, 256], img_in.weight [3072, 64], txt_in.weight [3072, 4096]",
            IsFluxLike),

        // ---- Qwen Image (its block names match the diffusers layout) -----------------------------------------
        new(QwenImageEdit, "Qwen Image tensors and 'edit' in the file name or metadata (its tensors equal Qwen Image's)",
            t => IsQwenImage(t) && t.Hints("edit")),
        new(QwenImage, "transformer_blocks.N.img_mod.1.weight [18432, 3072], img_in.weight [3072, 64], txt_in.weight [3072, 3584]",
            IsQwenImage),

        // ---- Wan (blocks.N.cross_attn.* with a 3D patch embedding) -------------------------------------------
        new(Wan21Vace, "Wan blocks with vace_blocks.N.* and vace_patch_embedding.weight",
            t => IsWan(t) && t.Has("vace_blocks.")),
        new(Wan22Ti2V, "Wan with patch_embedding.weight [3072, 48, 1, 2, 2] (in_dim 48, Wan 2.2 VAE latents)",
            t => IsWan(t) && WanInDim(t) == 48),
        new(Wan22I2V, "Wan with patch_embedding in_dim 36 and no img_emb.* (no CLIP vision input)",
            t => IsWan(t) && WanInDim(t) == 36 && !t.Has("img_emb.")),
        new(Wan21Flf2V, "Wan with img_emb.emb_pos [1, 514, 1280] (first and last frame)",
            t => IsWan(t) && t.Has("img_emb.emb_pos")),
        new(Wan21I2V, "Wan with img_emb.proj.* (CLIP vision input) and in_dim 36",
            t => IsWan(t) && t.Has("img_emb.")),
        new(Wan22T2V, "Wan in_dim 16 and 'wan2.2'/'high_noise'/'low_noise' in the name (its tensors equal Wan 2.1 T2V 14B's)",
            t => IsWan(t) && t.Hints("wan2_2", "wan22", "high_noise", "low_noise", "highnoise", "lownoise", "a14b")),
        new(Wan21T2V, "blocks.0.cross_attn.norm_k.weight, patch_embedding.weight [dim, 16, 1, 2, 2], text_embedding.0.weight [dim, 4096]",
            IsWan),

        // ---- UNet family (input_blocks.N / middle_block / output_blocks, LDM names) --------------------------
        new(Svd, "input_blocks.8.0.time_mixer.mix_factor (video UNet)",
            t => t.Has("input_blocks.8.0.time_mixer.mix_factor")),
        new(SdxlRefiner, "UNet with label_emb.0.0.weight [1536, 2560], input_blocks.0.0.weight [384, 4, 3, 3], one OpenCLIP-G text encoder [49408, 1280]",
            t => IsUnet(t) && (t.Dim("label_emb.0.0.weight", -1) == 2560 || (TextWidth(t) == 1280 && !HasSecondEncoder(t)) || ContextDim(t) == 1280)),
        new(SdxlInpaint, "SDXL with input_blocks.0.0.weight [320, 9, 3, 3]",
            t => IsSdxl(t) && UnetInChannels(t) == 9),
        new(SdxlPix2Pix, "SDXL with input_blocks.0.0.weight [320, 8, 3, 3]",
            t => IsSdxl(t) && UnetInChannels(t) == 8),
        new(SdxlVega, "SDXL without middle_block.1.* and without output_blocks.3.1.transformer_blocks.1.*",
            t => IsSdxl(t) && !HasMiddleBlock(t) && !HasOutput311(t)),
        new(Ssd1b, "SDXL without middle_block.1.* (Segmind SSD-1B: one middle resnet)",
            t => IsSdxl(t) && !HasMiddleBlock(t)),
        new(Sdxl, "UNet with conditioner.embedders.1.* (CLIP-G), label_emb.0.0.weight [1280, 2816], attn2.to_k.weight [*, 2048]",
            IsSdxl),
        new(Sd2Inpaint, "SD2 with input_blocks.0.0.weight [320, 9, 3, 3]",
            t => IsSd2(t) && UnetInChannels(t) == 9),
        new(Sd2TinyUnet, "SD2 without middle_block.1.*",
            t => IsSd2(t) && !HasMiddleBlock(t)),
        new(Sd2, "UNet with cond_stage_model.model.token_embedding.weight [49408, 1024] (OpenCLIP ViT-H) or attn2.to_k.weight [*, 1024]",
            IsSd2),
        new(Sd1Inpaint, "SD1 with input_blocks.0.0.weight [320, 9, 3, 3]",
            t => IsSd1(t) && UnetInChannels(t) == 9),
        new(Sd1Pix2Pix, "SD1 with input_blocks.0.0.weight [320, 8, 3, 3]",
            t => IsSd1(t) && UnetInChannels(t) == 8),
        new(Sdxs512, "SD1 without middle_block.1.* and without output_blocks.7.1.*",
            t => IsSd1(t) && !HasMiddleBlock(t) && !HasOutput71(t)),
        new(TinySd, "SD1 without middle_block.1.* (Segmind Tiny SD, BK-SDM)",
            t => IsSd1(t) && !HasMiddleBlock(t)),
        new(Sd1, "UNet with cond_stage_model.transformer.text_model.embeddings.token_embedding.weight [49408, 768] or attn2.to_k.weight [*, 768]",
            IsSd1),

        // ---- VAEs and the tiny autoencoder --------------------------------------------------------------------
        new(VaeWan22, "decoder.conv1.weight [1024, 48, 3, 3, 3] (causal 3D VAE, 48 latent channels)",
            t => t.Find("decoder.conv1.weight") is { Rank: 5 } c && c.Dim(1) == 48),
        new(VaeQwenImage, "decoder.conv1.weight [384, 16, 3, 3, 3] and 'qwen' in the name (the Wan 2.1 VAE layout)",
            t => t.Find("decoder.conv1.weight") is { Rank: 5 } c && c.Dim(1) == 16 && t.Hints("qwen")),
        new(VaeWan21, "decoder.conv1.weight [384, 16, 3, 3, 3], encoder.conv1.weight [96, 3, 3, 3, 3] (causal 3D VAE)",
            t => t.Find("decoder.conv1.weight") is { Rank: 5 } c && c.Dim(1) == 16),
        new(VaeSd3, "decoder.conv_in.weight [512, 16, 3, 3] and 'sd3' in the name",
            t => KlVaeLatents(t) == 16 && t.Hints("sd3", "sd3_5", "sd35")),
        new(VaeFlux, "decoder.conv_in.weight [512, 16, 3, 3], no quant_conv (16-channel KL VAE, ae.safetensors)",
            t => KlVaeLatents(t) == 16),
        new(VaeSdxl, "decoder.conv_in.weight [512, 4, 3, 3] and 'xl' in the name (same layout as the SD VAE)",
            t => KlVaeLatents(t) == 4 && t.Hints("xl")),
        new(VaeSd, "decoder.conv_in.weight [512, 4, 3, 3], quant_conv.weight [8, 8, 1, 1]",
            t => KlVaeLatents(t) == 4),
        new(Taesd, "decoder.layers.N.* / encoder.layers.N.* (tiny autoencoder; decoder.layers.1.weight [64, 4|16, 3, 3])",
            t => t.Find("decoder.layers.1.weight") is { Rank: 4 } || t.Find("encoder.layers.0.weight") is { Rank: 4 }),

        // ---- Upscaler ---------------------------------------------------------------------------------------------
        new(Esrgan, "conv_first.weight [64, 3, 3, 3] + body.N.rdb1.conv1.* (or old-style model.1.sub.N.RDB1.conv1.0.*)",
            t => (t.Find("conv_first.weight") is not null && t.Has("rdb1.conv1.")) || t.Has("RDB1.conv1.0.")),

        // ---- Text encoders ----------------------------------------------------------------------------------------
        new(Umt5Xxl, "T5 encoder (encoder.block.0.layer.0.SelfAttention.q.weight, GGUF enc.blk.0.attn_q.weight) with shared.weight [256384, 4096]",
            t => IsT5(t) && (T5Vocab(t) >= 250_000 || (T5Vocab(t) is null && HasPerLayerRelativeBias(t)))),
        new(T5Xxl, "T5 encoder with shared.weight [32128, 4096] (one relative_attention_bias, in block 0)",
            IsT5),
        new(Qwen25VlVision, "only visual.blocks.N.* / GGUF v.blk.N.* (a Qwen2.5-VL vision tower, mmproj)",
            t => (t.Has("visual.blocks.0.") || t.Has("v.blk.0.")) && !t.Has("layers.0.self_attn.") && !t.Has("blk.0.attn_q.weight")),
        new(Qwen25Vl, "model.layers.N.self_attn.q_proj.weight with embed_tokens.weight [152064, 3584] (GGUF: token_embd.weight, general.architecture qwen2vl)",
            t => IsLlm(t) && (LlmWidth(t) == 3584 || t.Meta("general.architecture") is "qwen2vl" or "qwen25vl")),
        new(ClipG, "text_model.embeddings.token_embedding.weight [49408, 1280] (32 layers)",
            t => ClipTextWidth(t) == 1280),
        new(ClipL, "text_model.embeddings.token_embedding.weight [49408, 768] (12 layers)",
            t => ClipTextWidth(t) == 768),
        new(ClipH, "token_embedding.weight [49408, 1024] (OpenCLIP ViT-H text)",
            t => ClipTextWidth(t) == 1024),
        new(ClipVision, "vision_model.embeddings.patch_embedding.weight [1280, 3, 14, 14] (ViT-H) and no text_model.*",
            t => t.Find("vision_model.embeddings.patch_embedding.weight") is not null && !t.Has("text_model.")),

        // ---- Textual inversion ------------------------------------------------------------------------------------
        new(Embedding, "emb_params [n, 768|1024] (SD1/SD2), or clip_l [n, 768] + clip_g [n, 1280] (SDXL)",
            t => t.HasExact("emb_params") || (t.HasExact("clip_l") && t.HasExact("clip_g")) || t.Has("string_to_param.")),
    ];

    // ---- Facts the rows share ----------------------------------------------------------------------------------

    private static bool IsLora(TensorIndex t) =>
        t.Has(".lora_down.") || t.Has(".lora_up.") || t.Has(".lora_A.") || t.Has(".lora_B.")
        || t.Has("lora_unet_") || t.Has("lora_te_") || t.Has("lora_te1_") || t.Has("lora_te2_")
        || t.Has(".hada_w1_a") || t.Has(".lokr_w1");

    internal static bool IsUnet(TensorIndex t) =>
        t.Find("input_blocks.0.0.weight") is not null || t.Has("unet.down_blocks.");

    internal static long? UnetInChannels(TensorIndex t) =>
        t.Dim("input_blocks.0.0.weight", 1) ?? t.Dim("unet.conv_in.weight", 1);

    /// <summary>Width of the first CLIP text encoder inside a checkpoint (768 CLIP-L, 1024 OpenCLIP-H, 1280 OpenCLIP-G).</summary>
    internal static long? TextWidth(TensorIndex t) =>
        (t.FindContaining("cond_stage_model.", "token_embedding.weight")
         ?? t.FindContaining("conditioner.embedders.0.", "token_embedding.weight")
         ?? t.FindContaining("te.text_model.", "token_embedding.weight"))?.Dim(-1);

    /// <summary>Cross-attention context width: what the UNet attends to (768, 1024, 2048, 1280).</summary>
    internal static long? ContextDim(TensorIndex t) => t.FindContaining("attn2.to_k.weight")?.Dim(-1);

    internal static bool HasSecondEncoder(TensorIndex t) =>
        t.Has("conditioner.embedders.1.") || t.Has("cond_stage_model.1.") || t.AnyStartsWith("te.1.");

    private static bool IsSdxl(TensorIndex t) =>
        IsUnet(t) && (HasSecondEncoder(t) || t.Dim("label_emb.0.0.weight", -1) == 2816 || ContextDim(t) == 2048);

    private static bool IsSd2(TensorIndex t) => IsUnet(t) && !IsSdxl(t) && (TextWidth(t) == 1024 || (TextWidth(t) is null && ContextDim(t) == 1024));

    private static bool IsSd1(TensorIndex t) => IsUnet(t) && !IsSdxl(t) && (TextWidth(t) == 768 || (TextWidth(t) is null && ContextDim(t) == 768));

    private static bool HasMiddleBlock(TensorIndex t) => t.Has("middle_block.1.") || t.Has("unet.mid_block.resnets.1.");

    private static bool HasOutput311(TensorIndex t) =>
        t.Has("output_blocks.3.1.transformer_blocks.1.") || t.Has("up_blocks.1.attentions.0.transformer_blocks.1.");

    private static bool HasOutput71(TensorIndex t) => t.Has("output_blocks.7.1.") || t.Has("up_blocks.2.attentions.1.");

    internal static bool IsFluxLike(TensorIndex t) =>
        ((t.Has("double_blocks.") && t.Has("single_blocks.")) || t.Has("single_transformer_blocks."))
        && !t.Has("double_stream_modulation_img") // Flux.2
        && !t.Has("img_mlp.gate_proj"); // Ovis Image

    private static long? FluxInChannels(TensorIndex t) => t.Dim("img_in.weight", -1) ?? t.Dim("x_embedder.weight", -1);

    private static bool FluxHasGuidance(TensorIndex t) => t.Has("guidance_in.") || t.Has("guidance_embedder.");

    private static bool IsQwenImage(TensorIndex t) =>
        t.Find("transformer_blocks.0.img_mod.1.weight") is not null
        && t.Dim("img_in.weight", -1) is null or 64
        && !t.Has("addition_t_embedding"); // Qwen Image Layered

    internal static bool IsWan(TensorIndex t) =>
        t.Find("patch_embedding.weight") is not null
        && (t.Has("blocks.0.cross_attn.norm_k.weight") || t.Has("blocks.0.cross_attn.k.weight"));

    internal static long? WanDim(TensorIndex t) =>
        t.Dim("patch_embedding.bias", 0) ?? t.Dim("blocks.0.self_attn.q.weight", 0);

    /// <summary>
    /// Latent channels the Wan patch embedding takes. safetensors keeps the 5-D conv [dim, in, 1, 2, 2]; GGUF
    /// (4 dims at most) folds it into [dim * in, 1, 2, 2], which is what sd.cpp's 184320 = 5120 * 36 test reads.
    /// </summary>
    internal static long? WanInDim(TensorIndex t)
    {
        if (t.Find("patch_embedding.weight") is not { } pe)
            return null;
        if (pe.Rank == 5)
            return pe.Dim(1);
        return WanDim(t) is { } dim && dim > 0 && pe.Shape[0] % dim == 0 ? pe.Shape[0] / dim : null;
    }

    private static long? KlVaeLatents(TensorIndex t) =>
        t.Find("decoder.conv_in.weight") is { Rank: 4 } conv && !IsUnet(t) ? conv.Dim(1) : null;

    private static bool IsT5(TensorIndex t) =>
        t.Has("encoder.block.0.layer.0.SelfAttention.q.weight") || t.Has("enc.blk.0.attn_q.weight");

    private static long? T5Vocab(TensorIndex t) =>
        (t.Find("shared.weight") ?? t.Find("encoder.embed_tokens.weight") ?? t.Find("token_embd.weight"))?.Dim(0);

    /// <summary>UMT5 has a relative attention bias in every layer; T5 only in the first.</summary>
    private static bool HasPerLayerRelativeBias(TensorIndex t) =>
        t.Has("block.1.layer.0.SelfAttention.relative_attention_bias") || t.Has("enc.blk.1.attn_rel_b");

    private static bool IsLlm(TensorIndex t) =>
        (t.Has("layers.0.self_attn.q_proj.weight") || t.Has("blk.0.attn_q.weight"))
        && (t.Find("embed_tokens.weight") ?? t.Find("token_embd.weight")) is not null;

    private static long? LlmWidth(TensorIndex t) => (t.Find("embed_tokens.weight") ?? t.Find("token_embd.weight"))?.Dim(-1);

    private static long? ClipTextWidth(TensorIndex t) =>
        (t.Find("text_model.embeddings.token_embedding.weight") ?? t.Find("token_embedding.weight"))?.Dim(-1);
}
