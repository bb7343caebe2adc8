using static SdSupervised.Tests.Models.ModelFiles;

namespace SdSupervised.Tests.Models;

/// <summary>
/// Header-only model files with the tensor names and shapes of the real ones (a representative subset of each:
/// the tensors detection reads plus a few more), written as the files on the Hub name them.
/// </summary>
public static class ArchitectureFixtures
{
    public sealed record Fixture(string File, Func<string, string> Write);

    private static long[] S(params long[] shape) => shape;

    // ---- UNet checkpoints ------------------------------------------------------------------------------------

    public static IEnumerable<T> Sd1(int inChannels = 4, bool middle = true, bool output71 = true)
    {
        yield return new("model.diffusion_model.input_blocks.0.0.weight", S(320, inChannels, 3, 3));
        yield return new("model.diffusion_model.input_blocks.1.1.transformer_blocks.0.attn2.to_k.weight", S(320, 768));
        yield return new("model.diffusion_model.time_embed.0.weight", S(1280, 320));
        if (middle) yield return new("model.diffusion_model.middle_block.1.proj_in.weight", S(1280, 1280, 1, 1));
        yield return new("model.diffusion_model.middle_block.0.in_layers.2.weight", S(1280, 1280, 3, 3));
        if (output71) yield return new("model.diffusion_model.output_blocks.7.1.proj_in.weight", S(640, 640, 1, 1));
        yield return new("model.diffusion_model.out.2.weight", S(4, 320, 3, 3));
        yield return new("cond_stage_model.transformer.text_model.embeddings.token_embedding.weight", S(49408, 768));
        yield return new("cond_stage_model.transformer.text_model.encoder.layers.11.mlp.fc1.weight", S(3072, 768));
        foreach (var t in KlVae("first_stage_model.", 4)) yield return t;
        yield return new("alphas_cumprod", S(1000), "F32");
    }

    public static IEnumerable<T> Sd2()
    {
        yield return new("model.diffusion_model.input_blocks.0.0.weight", S(320, 4, 3, 3));
        yield return new("model.diffusion_model.input_blocks.1.1.transformer_blocks.0.attn2.to_k.weight", S(320, 1024));
        yield return new("model.diffusion_model.middle_block.1.proj_in.weight", S(1280, 1280));
        yield return new("model.diffusion_model.output_blocks.7.1.proj_in.weight", S(640, 640));
        yield return new("cond_stage_model.model.token_embedding.weight", S(49408, 1024));
        yield return new("cond_stage_model.model.transformer.resblocks.0.attn.in_proj_weight", S(3072, 1024));
        foreach (var t in KlVae("first_stage_model.", 4)) yield return t;
    }

    public static IEnumerable<T> Sdxl(bool middle = true, bool output311 = true, bool withVae = true)
    {
        yield return new("conditioner.embedders.0.transformer.text_model.embeddings.token_embedding.weight", S(49408, 768));
        yield return new("conditioner.embedders.1.model.token_embedding.weight", S(49408, 1280));
        yield return new("conditioner.embedders.1.model.text_projection", S(1280, 1280));
        yield return new("model.diffusion_model.input_blocks.0.0.weight", S(320, 4, 3, 3));
        yield return new("model.diffusion_model.label_emb.0.0.weight", S(1280, 2816));
        yield return new("model.diffusion_model.input_blocks.4.1.transformer_blocks.0.attn2.to_k.weight", S(640, 2048));
        yield return new("model.diffusion_model.middle_block.0.in_layers.2.weight", S(1280, 1280, 3, 3));
        if (middle) yield return new("model.diffusion_model.middle_block.1.transformer_blocks.0.attn2.to_k.weight", S(1280, 2048));
        if (output311) yield return new("model.diffusion_model.output_blocks.3.1.transformer_blocks.1.attn1.to_q.weight", S(640, 640));
        yield return new("model.diffusion_model.output_blocks.5.1.transformer_blocks.0.attn1.to_q.weight", S(640, 640));
        if (withVae)
            foreach (var t in KlVae("first_stage_model.", 4)) yield return t;
    }

    public static IEnumerable<T> SdxlRefiner()
    {
        yield return new("conditioner.embedders.0.model.token_embedding.weight", S(49408, 1280));
        yield return new("model.diffusion_model.input_blocks.0.0.weight", S(384, 4, 3, 3));
        yield return new("model.diffusion_model.label_emb.0.0.weight", S(1536, 2560));
        yield return new("model.diffusion_model.input_blocks.4.1.transformer_blocks.0.attn2.to_k.weight", S(768, 1280));
        yield return new("model.diffusion_model.middle_block.1.transformer_blocks.0.attn2.to_k.weight", S(1536, 1280));
        foreach (var t in KlVae("first_stage_model.", 4)) yield return t;
    }

    // ---- DiT diffusion models ----------------------------------------------------------------------------------

    public static IEnumerable<T> Sd3(int depth, int hidden, bool mmditX, bool allInOne)
    {
        const string p = "model.diffusion_model.";
        yield return new(p + "x_embedder.proj.weight", S(hidden, 16, 2, 2));
        yield return new(p + "pos_embed", S(1, 36864, hidden));
        yield return new(p + "context_embedder.weight", S(hidden, 4096));
        yield return new(p + "joint_blocks.0.context_block.attn.qkv.weight", S(3 * hidden, hidden));
        yield return new(p + "joint_blocks.0.x_block.attn.qkv.weight", S(3 * hidden, hidden));
        if (mmditX) yield return new(p + "joint_blocks.0.x_block.attn2.qkv.weight", S(3 * hidden, hidden));
        yield return new(p + $"joint_blocks.{depth - 1}.x_block.attn.qkv.weight", S(3 * hidden, hidden));
        yield return new(p + "final_layer.linear.weight", S(64, hidden));
        foreach (var t in KlVae("first_stage_model.", 16, quantConv: false)) yield return t;
        if (allInOne)
        {
            yield return new("text_encoders.clip_l.transformer.text_model.embeddings.token_embedding.weight", S(49408, 768));
            yield return new("text_encoders.clip_g.transformer.text_model.embeddings.token_embedding.weight", S(49408, 1280));
            yield return new("text_encoders.t5xxl.transformer.encoder.block.0.layer.0.SelfAttention.q.weight", S(4096, 4096));
        }
    }

    public static IEnumerable<T> Flux(bool guidance = true, int inChannels = 64, string prefix = "", string dtype = "BF16")
    {
        yield return new(prefix + "img_in.weight", S(3072, inChannels), dtype);
        yield return new(prefix + "txt_in.weight", S(3072, 4096), dtype);
        yield return new(prefix + "time_in.in_layer.weight", S(3072, 256), dtype);
        yield return new(prefix + "vector_in.in_layer.weight", S(3072, 768), dtype);
        if (guidance) yield return new(prefix + "guidance_in.in_layer.weight", S(3072, 256), dtype);
        yield return new(prefix + "double_blocks.0.img_attn.qkv.weight", S(9216, 3072), dtype);
        yield return new(prefix + "double_blocks.0.img_mod.lin.weight", S(18432, 3072), dtype);
        yield return new(prefix + "double_blocks.18.txt_mlp.2.weight", S(3072, 12288), dtype);
        yield return new(prefix + "single_blocks.0.linear1.weight", S(21504, 3072), dtype);
        yield return new(prefix + "single_blocks.37.linear2.weight", S(3072, 15360), dtype);
        yield return new(prefix + "final_layer.linear.weight", S(64, 3072), dtype);
    }

    public static IEnumerable<G> FluxGguf()
    {
        yield return new("img_in.weight", S(3072, 64), 8);
        yield return new("img_in.bias", S(3072), 0);
        yield return new("txt_in.weight", S(3072, 4096), 8);
        yield return new("guidance_in.in_layer.weight", S(3072, 256), 8);
        yield return new("double_blocks.0.img_attn.qkv.weight", S(9216, 3072), 8);
        yield return new("single_blocks.0.linear1.weight", S(21504, 3072), 8);
        yield return new("final_layer.linear.weight", S(64, 3072), 1);
    }

    public static IEnumerable<T> Chroma(bool radiance)
    {
        yield return radiance
            ? new("img_in_patch.weight", S(3072, 3, 16, 16), "BF16")
            : new("img_in.weight", S(3072, 64), "BF16");
        yield return new("txt_in.weight", S(3072, 4096), "BF16");
        yield return new("distilled_guidance_layer.in_proj.weight", S(5120, 64), "BF16");
        yield return new("double_blocks.0.img_attn.qkv.weight", S(9216, 3072), "BF16");
        yield return new("single_blocks.0.linear1.weight", S(21504, 3072), "BF16");
        if (radiance)
        {
            yield return new("nerf_blocks.0.param_generator.weight", S(65536, 3072), "BF16");
            yield return new("nerf_final_layer_conv.conv.weight", S(3, 64, 3, 3), "BF16");
        }
    }

    public static IEnumerable<T> Wan(int dim, int inDim, bool imgEmb = false, bool flf = false, bool vace = false, int layers = 30)
    {
        yield return new("patch_embedding.weight", S(dim, inDim, 1, 2, 2));
        yield return new("patch_embedding.bias", S(dim));
        yield return new("text_embedding.0.weight", S(dim, 4096));
        yield return new("time_embedding.0.weight", S(dim, 256));
        yield return new("blocks.0.self_attn.q.weight", S(dim, dim));
        yield return new("blocks.0.cross_attn.k.weight", S(dim, dim));
        yield return new("blocks.0.cross_attn.norm_k.weight", S(dim));
        yield return new($"blocks.{layers - 1}.ffn.0.weight", S(dim * 4, dim));
        yield return new("head.head.weight", S(64, dim));
        if (imgEmb)
        {
            yield return new("blocks.0.cross_attn.k_img.weight", S(dim, dim));
            yield return new("img_emb.proj.0.weight", S(1280));
            yield return new("img_emb.proj.1.weight", S(1280, 1280));
            yield return new("img_emb.proj.3.weight", S(dim, 1280));
        }
        if (flf) yield return new("img_emb.emb_pos", S(1, 514, 1280));
        if (vace)
        {
            yield return new("vace_patch_embedding.weight", S(dim, 96, 1, 2, 2));
            yield return new("vace_blocks.0.self_attn.q.weight", S(dim, dim));
        }
    }

    /// <summary>A city96-style Wan GGUF: ggml has 4 dims at most, so the 5-D patch embedding is folded to [dim * in, 1, 2, 2].</summary>
    public static IEnumerable<G> WanGguf(int dim, int inDim)
    {
        yield return new("patch_embedding.weight", S((long)dim * inDim, 1, 2, 2), 1);
        yield return new("patch_embedding.bias", S(dim), 0);
        yield return new("blocks.0.self_attn.q.weight", S(dim, dim), 8);
        yield return new("blocks.0.cross_attn.norm_k.weight", S(dim), 0);
        yield return new("text_embedding.0.weight", S(dim, 4096), 8);
    }

    public static IEnumerable<T> QwenImage()
    {
        yield return new("img_in.weight", S(3072, 64), "BF16");
        yield return new("txt_in.weight", S(3072, 3584), "BF16");
        yield return new("txt_norm.weight", S(3584), "BF16");
        yield return new("transformer_blocks.0.img_mod.1.weight", S(18432, 3072), "BF16");
        yield return new("transformer_blocks.0.img_mlp.net.0.proj.weight", S(12288, 3072), "BF16");
        yield return new("transformer_blocks.59.txt_mod.1.weight", S(18432, 3072), "BF16");
        yield return new("proj_out.weight", S(64, 3072), "BF16");
    }

    // ---- Companions ------------------------------------------------------------------------------------------

    public static IEnumerable<T> KlVae(string prefix, int latents, bool quantConv = true)
    {
        yield return new(prefix + "encoder.conv_in.weight", S(128, 3, 3, 3));
        yield return new(prefix + "encoder.conv_out.weight", S(2 * latents, 512, 3, 3));
        yield return new(prefix + "decoder.conv_in.weight", S(512, latents, 3, 3));
        yield return new(prefix + "decoder.up.0.block.0.conv1.weight", S(128, 256, 3, 3));
        if (quantConv)
        {
            yield return new(prefix + "quant_conv.weight", S(2 * latents, 2 * latents, 1, 1));
            yield return new(prefix + "post_quant_conv.weight", S(latents, latents, 1, 1));
        }
    }

    public static IEnumerable<T> WanVae(int latents)
    {
        var first = latents == 48 ? 160 : 96;
        var decoder = latents == 48 ? 1024 : 384;
        yield return new("encoder.conv1.weight", S(first, latents == 48 ? 12 : 3, 3, 3, 3));
        yield return new("decoder.conv1.weight", S(decoder, latents, 3, 3, 3));
        yield return new("conv1.weight", S(2 * latents, 2 * latents, 1, 1, 1));
        yield return new("conv2.weight", S(latents, latents, 1, 1, 1));
    }

    public static IEnumerable<T> ClipText(int width, int layers)
    {
        yield return new("text_model.embeddings.token_embedding.weight", S(49408, width));
        yield return new("text_model.embeddings.position_embedding.weight", S(77, width));
        yield return new($"text_model.encoder.layers.{layers - 1}.mlp.fc1.weight", S(width * 4, width));
        yield return new("text_model.final_layer_norm.weight", S(width));
        yield return new("text_projection.weight", S(width, width));
    }

    public static IEnumerable<T> T5(long vocab, bool perLayerBias)
    {
        yield return new("shared.weight", S(vocab, 4096));
        yield return new("encoder.block.0.layer.0.SelfAttention.q.weight", S(4096, 4096));
        yield return new("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight", S(32, 64));
        if (perLayerBias) yield return new("encoder.block.1.layer.0.SelfAttention.relative_attention_bias.weight", S(32, 64));
        yield return new("encoder.block.23.layer.1.DenseReluDense.wo.weight", S(4096, 10240));
        yield return new("encoder.final_layer_norm.weight", S(4096));
    }

    public static IEnumerable<G> Umt5Gguf()
    {
        yield return new("token_embd.weight", S(256384, 4096), 8);
        yield return new("enc.blk.0.attn_q.weight", S(4096, 4096), 8);
        yield return new("enc.blk.0.attn_rel_b.weight", S(32, 64), 1);
        yield return new("enc.blk.1.attn_rel_b.weight", S(32, 64), 1);
        yield return new("enc.output_norm.weight", S(4096), 0);
    }

    public static IEnumerable<T> Qwen25Vl()
    {
        yield return new("model.embed_tokens.weight", S(152064, 3584), "BF16");
        yield return new("model.layers.0.self_attn.q_proj.weight", S(3584, 3584), "BF16");
        yield return new("model.layers.27.mlp.down_proj.weight", S(3584, 18944), "BF16");
        yield return new("visual.blocks.0.attn.qkv.weight", S(3840, 1280), "BF16");
        yield return new("visual.merger.mlp.0.weight", S(5120, 5120), "BF16");
    }

    public static IEnumerable<G> Qwen25VlGguf()
    {
        yield return new("token_embd.weight", S(152064, 3584), 8);
        yield return new("blk.0.attn_q.weight", S(3584, 3584), 8);
        yield return new("blk.0.attn_q.bias", S(3584), 0);
        yield return new("output_norm.weight", S(3584), 0);
    }

    public static IEnumerable<T> Taesd(int latents)
    {
        yield return new("encoder.layers.0.weight", S(64, 3, 3, 3));
        yield return new("encoder.layers.14.weight", S(latents, 64, 3, 3));
        yield return new("decoder.layers.1.weight", S(64, latents, 3, 3));
        yield return new("decoder.layers.3.conv.0.weight", S(64, 64, 3, 3));
    }

    public static IEnumerable<T> Esrgan()
    {
        yield return new("conv_first.weight", S(64, 3, 3, 3), "F32");
        yield return new("body.0.rdb1.conv1.weight", S(32, 64, 3, 3), "F32");
        yield return new("body.22.rdb3.conv5.weight", S(64, 192, 3, 3), "F32");
        yield return new("conv_body.weight", S(64, 64, 3, 3), "F32");
        yield return new("conv_up1.weight", S(64, 64, 3, 3), "F32");
        yield return new("conv_up2.weight", S(64, 64, 3, 3), "F32");
        yield return new("conv_last.weight", S(3, 64, 3, 3), "F32");
    }

    public static IEnumerable<T> ControlNetSd1()
    {
        yield return new("control_model.input_hint_block.0.weight", S(16, 3, 3, 3));
        yield return new("control_model.input_blocks.0.0.weight", S(320, 4, 3, 3));
        yield return new("control_model.input_blocks.1.1.transformer_blocks.0.attn2.to_k.weight", S(320, 768));
        yield return new("control_model.zero_convs.0.0.weight", S(320, 320, 1, 1));
        yield return new("control_model.middle_block_out.0.weight", S(1280, 1280, 1, 1));
    }

    public static IEnumerable<T> LoraSd1Kohya()
    {
        yield return new("lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k.lora_down.weight", S(4, 768));
        yield return new("lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k.lora_up.weight", S(320, 4));
        yield return new("lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k.alpha", S(), "F32");
        yield return new("lora_te_text_model_encoder_layers_0_self_attn_q_proj.lora_down.weight", S(4, 768));
    }

    public static IEnumerable<T> LoraFlux()
    {
        yield return new("diffusion_model.double_blocks.0.img_attn.qkv.lora_A.weight", S(16, 3072), "BF16");
        yield return new("diffusion_model.double_blocks.0.img_attn.qkv.lora_B.weight", S(9216, 16), "BF16");
        yield return new("diffusion_model.single_blocks.0.linear1.lora_A.weight", S(16, 3072), "BF16");
    }

    public static IEnumerable<T> LoraWan()
    {
        yield return new("diffusion_model.blocks.0.cross_attn.k.lora_A.weight", S(32, 5120), "BF16");
        yield return new("diffusion_model.blocks.0.self_attn.q.lora_A.weight", S(32, 5120), "BF16");
        yield return new("diffusion_model.blocks.0.ffn.0.lora_A.weight", S(32, 5120), "BF16");
    }

    public static IEnumerable<T> PhotoMakerV1()
    {
        yield return new("id_encoder.vision_model.embeddings.patch_embedding.weight", S(1024, 3, 14, 14));
        yield return new("id_encoder.visual_projection.weight", S(768, 1024));
        yield return new("id_encoder.visual_projection_2.weight", S(1280, 1024));
        yield return new("id_encoder.fuse_module.mlp1.fc1.weight", S(2048, 4096));
        yield return new("lora_weights.unet.down_blocks.0.attentions.0.transformer_blocks.0.attn1.processor.to_k_lora.down.weight", S(64, 320));
    }

    public static IEnumerable<T> ClipVisionH()
    {
        yield return new("vision_model.embeddings.patch_embedding.weight", S(1280, 3, 14, 14));
        yield return new("vision_model.embeddings.class_embedding", S(1280));
        yield return new("vision_model.encoder.layers.31.mlp.fc1.weight", S(5120, 1280));
        yield return new("visual_projection.weight", S(1024, 1280));
    }
}
