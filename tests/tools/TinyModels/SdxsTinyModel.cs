namespace SdSupervised.Tools.TinyModels;

/// <summary>
/// The smallest single-file model stable-diffusion.cpp accepts: the SDXS-512-DS layout (detected from a 768-wide
/// CLIP token embedding, no <c>middle_block.1</c> and no <c>output_blocks.7.1</c>) with random weights.
/// <list type="bullet">
/// <item>CLIP ViT-L/14 text encoder, fixed size (12 layers, 768 wide); its linear weights and token embedding are
/// Q4_0, which is what keeps the file near 79 MiB.</item>
/// <item>A tiny UNet (channel mult 1, 2, 4; one res block per level; attention at 2x and 4x down) whose width the
/// library reads from <c>input_blocks.0.0.weight</c>: 32 channels, the smallest GroupNorm32 allows.</item>
/// <item>The tiny autoencoder (TAESD layout) instead of the KL VAE, encoder and decoder.</item>
/// </list>
/// Names follow the original SD1 checkpoint layout (<c>model.diffusion_model.</c>, <c>cond_stage_model.transformer.</c>,
/// <c>first_stage_model.</c>), which the library converts itself. The images it makes are noise; it exists to
/// exercise loading, sampling, decoding, img2img, inpainting, cancellation and conversion for real.
/// </summary>
public static class SdxsTinyModel
{
    private const int ClipWidth = 768;
    private const int ClipLayers = 12;
    private const int ClipIntermediate = 3072;
    private const int ClipVocabulary = 49408;
    private const int ClipPositions = 77;
    private const int LatentChannels = 4;
    private const int TaeChannels = 64;
    private const int TaeBlocks = 3;
    private const int Heads = 8;

    public static GgufWriter Build(int modelChannels = 32, ulong seed = 42)
    {
        var gguf = new GgufWriter();
        var layers = new LayerWriter(gguf, new RandomWeights(seed));
        WriteClip(layers);
        WriteUnet(layers, modelChannels);
        WriteTinyAutoencoder(layers);
        return gguf;
    }

    private static void WriteClip(LayerWriter w)
    {
        const string p = "cond_stage_model.transformer.text_model.";
        w.Tensor(p + "embeddings.token_embedding.weight", [ClipWidth, ClipVocabulary], GgmlType.Q4_0, w.Random.Q4_0((long)ClipWidth * ClipVocabulary, 0.02));
        w.Tensor(p + "embeddings.position_embedding.weight", [ClipWidth, ClipPositions], GgmlType.F32, RandomWeights.F32(w.Random.Uniform((long)ClipWidth * ClipPositions, 0.01)));
        for (var i = 0; i < ClipLayers; i++)
        {
            var l = $"{p}encoder.layers.{i}.";
            foreach (var projection in new[] { "q_proj", "k_proj", "v_proj", "out_proj" })
                w.Linear(l + "self_attn." + projection, ClipWidth, ClipWidth, type: GgmlType.Q4_0);
            w.Norm(l + "layer_norm1", ClipWidth);
            w.Norm(l + "layer_norm2", ClipWidth);
            w.Linear(l + "mlp.fc1", ClipWidth, ClipIntermediate, type: GgmlType.Q4_0);
            w.Linear(l + "mlp.fc2", ClipIntermediate, ClipWidth, type: GgmlType.Q4_0);
        }
        w.Norm(p + "final_layer_norm", ClipWidth);
    }

    private static void WriteUnet(LayerWriter w, int mc)
    {
        const string p = "model.diffusion_model.";
        var emb = mc * 4;
        w.Linear(p + "time_embed.0", mc, emb);
        w.Linear(p + "time_embed.2", emb, emb);
        w.Conv(p + "input_blocks.0.0", LatentChannels, mc);

        // The index arithmetic of the library's tiny UNet (num_res_blocks 1, channel_mult 1, 2, 4, attention at ds 2 and 4).
        int[] mult = [1, 2, 4];
        var chans = new Stack<int>();
        chans.Push(mc);
        var ch = mc;
        var index = 0;
        var ds = 1;
        for (var i = 0; i < mult.Length; i++)
        {
            index++;
            ResBlock(w, $"{p}input_blocks.{index}.0", ch, emb, mult[i] * mc);
            ch = mult[i] * mc;
            if (ds is 2 or 4)
                SpatialTransformer(w, $"{p}input_blocks.{index}.1", ch);
            chans.Push(ch);
            index++; // the tiny UNet leaves one index free after each level's res block
            if (i != mult.Length - 1)
            {
                index++;
                w.Conv($"{p}input_blocks.{index}.0.op", ch, ch);
                chans.Push(ch);
                ds *= 2;
            }
        }

        var output = 0;
        for (var i = mult.Length - 1; i >= 0; i--)
        {
            for (var j = 0; j < 2; j++)
            {
                var skip = chans.Pop();
                ResBlock(w, $"{p}output_blocks.{output}.0", ch + skip, emb, mult[i] * mc);
                ch = mult[i] * mc;
                var upsample = 1;
                if (ds is 2 or 4)
                {
                    SpatialTransformer(w, $"{p}output_blocks.{output}.1", ch);
                    upsample++;
                }
                if (i > 0 && j == 1)
                {
                    output++;
                    if (output == 2)
                        upsample = 1;
                    w.Conv($"{p}output_blocks.{output}.{upsample}.conv", ch, ch);
                    ds /= 2;
                }
                output++;
            }
        }

        w.Norm(p + "out.0", mc);
        w.Conv(p + "out.2", mc, LatentChannels);
    }

    private static void ResBlock(LayerWriter w, string name, int input, int emb, int output)
    {
        w.Norm(name + ".in_layers.0", input);
        w.Conv(name + ".in_layers.2", input, output);
        w.Linear(name + ".emb_layers.1", emb, output);
        w.Norm(name + ".out_layers.0", output);
        w.Conv(name + ".out_layers.3", output, output);
        if (input != output)
            w.Conv(name + ".skip_connection", input, output, kernel: 1);
    }

    private static void SpatialTransformer(LayerWriter w, string name, int ch)
    {
        var dHead = ch / Heads;
        var inner = Heads * dHead;
        w.Norm(name + ".norm", ch);
        w.Conv(name + ".proj_in", ch, inner, kernel: 1);
        var b = name + ".transformer_blocks.0.";
        w.Linear(b + "attn1.to_q", inner, inner, bias: false);
        w.Linear(b + "attn1.to_k", inner, inner, bias: false);
        w.Linear(b + "attn1.to_v", inner, inner, bias: false);
        w.Linear(b + "attn1.to_out.0", inner, inner);
        w.Linear(b + "attn2.to_q", inner, inner, bias: false);
        w.Linear(b + "attn2.to_k", ClipWidth, inner, bias: false);
        w.Linear(b + "attn2.to_v", ClipWidth, inner, bias: false);
        w.Linear(b + "attn2.to_out.0", inner, inner);
        w.Linear(b + "ff.net.0.proj", inner, inner * 4 * 2);
        w.Linear(b + "ff.net.2", inner * 4, inner);
        w.Norm(b + "norm1", inner);
        w.Norm(b + "norm2", inner);
        w.Norm(b + "norm3", inner);
        w.Conv(name + ".proj_out", inner, ch, kernel: 1);
    }

    private static void WriteTinyAutoencoder(LayerWriter w)
    {
        const string e = "first_stage_model.encoder.layers.";
        var index = 0;
        w.Conv($"{e}{index++}", 3, TaeChannels);
        TaeBlock(w, $"{e}{index++}");
        for (var level = 0; level < 3; level++)
        {
            w.Conv($"{e}{index++}", TaeChannels, TaeChannels, bias: false);
            for (var i = 0; i < TaeBlocks; i++)
                TaeBlock(w, $"{e}{index++}");
        }
        w.Conv($"{e}{index}", TaeChannels, LatentChannels);

        const string d = "first_stage_model.decoder.layers.";
        index = 0;
        w.Conv($"{d}{index++}", LatentChannels, TaeChannels);
        index++; // ReLU
        for (var i = 0; i < TaeBlocks; i++)
            TaeBlock(w, $"{d}{index++}");
        for (var level = 0; level < 3; level++)
        {
            index++; // Upsample
            w.Conv($"{d}{index++}", TaeChannels, TaeChannels, bias: false);
            if (level < 2)
            {
                for (var i = 0; i < TaeBlocks; i++)
                    TaeBlock(w, $"{d}{index++}");
            }
        }
        TaeBlock(w, $"{d}{index++}");
        w.Conv($"{d}{index}", TaeChannels, 3);
    }

    private static void TaeBlock(LayerWriter w, string name)
    {
        w.Conv(name + ".conv.0", TaeChannels, TaeChannels);
        w.Conv(name + ".conv.2", TaeChannels, TaeChannels);
        w.Conv(name + ".conv.4", TaeChannels, TaeChannels);
    }
}
