using System.Globalization;
using SdSupervised.Supervisor.Models.Headers;
using static SdSupervised.Supervisor.Models.Detection.ModelArchitecture;

namespace SdSupervised.Supervisor.Models.Detection;

/// <summary>
/// Runs <see cref="ArchitectureSignatures.Table"/> over a file's header and describes the match: the family
/// of an add-on, the prediction type where the header tells it, the companions the file carries inside.
/// </summary>
public static class ArchitectureDetector
{
    public static ModelDetection Detect(ModelHeader header, string fileName)
    {
        switch (header.Format)
        {
            case ModelFileFormat.Pickle:
                return ModelDetection.Unknown(ModelHeaderReader.PickleReason);
            case ModelFileFormat.Text:
                return ModelDetection.Unknown("not a model file (a preset or prompt)");
        }
        if (header.Tensors.Count == 0)
            return ModelDetection.Unknown("the header lists no tensors");

        var t = new TensorIndex(header.Tensors, header.Metadata, fileName);
        foreach (var row in ArchitectureSignatures.Table)
            if (row.Matches(t))
                return Describe(row.Architecture, row.Evidence, t);

        var sample = string.Join(", ", header.Tensors.Take(3).Select(x => x.Name));
        return ModelDetection.Unknown($"no known signature among {header.Tensors.Count} tensors (e.g. {sample})");
    }

    private static ModelDetection Describe(ModelArchitecture architecture, string evidence, TensorIndex t)
    {
        var info = Architectures.Get(architecture);
        var notes = new List<string>();
        ModelFamily? family = architecture switch
        {
            Lora => LoraFamily(t),
            ControlNet => ControlNetFamily(t),
            Taesd => TaesdFamily(t),
            Embedding => EmbeddingFamily(t),
            _ => info.Family == ModelFamily.Unknown ? null : info.Family,
        };

        if (info.Family == ModelFamily.Wan && info.Role == ModelRole.DiffusionModel)
            AddWanNotes(t, architecture, notes);
        if (info.Family == ModelFamily.Sd3)
            notes.Add($"{t.Blocks("joint_blocks.")} joint blocks");
        if (info.Family is ModelFamily.Flux or ModelFamily.Chroma && t.Blocks("double_blocks.") > 0)
            notes.Add($"{t.Blocks("double_blocks.")} double and {t.Blocks("single_blocks.")} single blocks");
        if (architecture == PhotoMaker)
            notes.Add(t.Has("qformer_perceiver.") ? "PhotoMaker v2" : "PhotoMaker v1");
        if (architecture == Esrgan)
            notes.Add(t.Find("conv_up2.weight") is not null ? "x4" : "x2");
        if (architecture is T5Xxl or Umt5Xxl && (t.Dim("encoder.block.0.layer.0.SelfAttention.q.weight", 0) ?? t.Dim("enc.blk.0.attn_q.weight", 0)) is { } dModel and not 4096)
            notes.Add($"d_model {dModel.ToString(CultureInfo.InvariantCulture)}, not XXL");

        return new ModelDetection
        {
            Architecture = architecture,
            Reason = evidence,
            BaseFamily = family,
            Prediction = Prediction(architecture, info, t),
            Embedded = Embedded(t),
            FullCheckpoint = t.AnyStartsWith("model.diffusion_model."),
            Notes = notes,
        };
    }

    private static void AddWanNotes(TensorIndex t, ModelArchitecture architecture, List<string> notes)
    {
        var size = ArchitectureSignatures.WanDim(t) switch
        {
            1536 => "1.3B",
            3072 => "5B",
            5120 => "14B",
            { } d => $"dim {d}",
            null => null,
        };
        if (size is not null)
            notes.Add(size);
        if (architecture is Wan22T2V or Wan22I2V)
        {
            if (t.Hints("high_noise", "highnoise"))
                notes.Add("high-noise expert");
            else if (t.Hints("low_noise", "lownoise"))
                notes.Add("low-noise expert");
        }
    }

    private static string? Prediction(ModelArchitecture architecture, ArchitectureInfo info, TensorIndex t)
    {
        if (info.Role != ModelRole.DiffusionModel)
            return null;
        var declared = t.Meta("modelspec.prediction_type")?.ToLowerInvariant();
        switch (info.Family)
        {
            case ModelFamily.Sd1:
                return "eps";
            case ModelFamily.Sd2:
                if (declared is "v" or "v_prediction")
                    return "v";
                // Stability published the 768 px SD 2.x models as v-prediction and the 512 px ones as eps.
                if (t.Hints("768_v", "_768_", "v_pred", "vpred", "_v_ema"))
                    return "v (by file name)";
                return "eps or v: the library probes the U-Net when it loads";
            case ModelFamily.Sdxl:
                if (t.HasExact("edm_vpred.sigma_max"))
                    return "edm_v";
                if (t.HasExact("v_pred") || declared is "v" or "v_prediction")
                    return "v";
                if (t.Hints("vpred", "v_pred"))
                    return "v (by file name: the library needs prediction v)";
                return "eps";
            case ModelFamily.Flux or ModelFamily.Chroma:
                return "flux_flow";
            default:
                return architecture == Svd ? "v" : "flow";
        }
    }

    private static HashSet<CompanionKind> Embedded(TensorIndex t)
    {
        var set = new HashSet<CompanionKind>();
        if (t.AnyStartsWith("first_stage_model.") || t.AnyStartsWith("vae."))
            set.Add(CompanionKind.Vae);
        if (t.AnyStartsWith("cond_stage_model.transformer.") || t.AnyStartsWith("conditioner.embedders.0.transformer.")
            || t.AnyStartsWith("text_encoders.clip_l.") || t.AnyStartsWith("te.text_model."))
            set.Add(CompanionKind.ClipL);
        if (t.AnyStartsWith("cond_stage_model.model."))
            set.Add(CompanionKind.ClipH);
        if (t.AnyStartsWith("conditioner.embedders.1.") || t.AnyStartsWith("text_encoders.clip_g.") || t.AnyStartsWith("cond_stage_model.1.")
            || t.AnyStartsWith("te.1.") || (t.AnyStartsWith("conditioner.embedders.0.model.") && ArchitectureSignatures.TextWidth(t) == 1280))
            set.Add(CompanionKind.ClipG);
        if (t.AnyStartsWith("text_encoders.t5xxl."))
            set.Add(CompanionKind.T5xxl);
        if (t.AnyStartsWith("text_encoders.llm.") || t.AnyStartsWith("text_encoders.qwen"))
            set.Add(CompanionKind.Llm);
        return set;
    }

    /// <summary>A LoRA's base: what its trainer wrote in the metadata, else which layers it patches and their widths.</summary>
    private static ModelFamily LoraFamily(TensorIndex t)
    {
        var declared = $"{t.Meta("ss_base_model_version")} {t.Meta("modelspec.architecture")}".ToLowerInvariant();
        if (declared.Contains("sdxl", StringComparison.Ordinal) || declared.Contains("stable-diffusion-xl", StringComparison.Ordinal))
            return ModelFamily.Sdxl;
        if (declared.Contains("sd_v1", StringComparison.Ordinal) || declared.Contains("stable-diffusion-v1", StringComparison.Ordinal))
            return ModelFamily.Sd1;
        if (declared.Contains("sd_v2", StringComparison.Ordinal) || declared.Contains("stable-diffusion-v2", StringComparison.Ordinal))
            return ModelFamily.Sd2;
        if (declared.Contains("sd3", StringComparison.Ordinal) || declared.Contains("stable-diffusion-v3", StringComparison.Ordinal))
            return ModelFamily.Sd3;
        if (declared.Contains("chroma", StringComparison.Ordinal))
            return ModelFamily.Chroma;
        if (declared.Contains("flux", StringComparison.Ordinal))
            return ModelFamily.Flux;
        if (declared.Contains("wan", StringComparison.Ordinal))
            return ModelFamily.Wan;
        if (declared.Contains("qwen", StringComparison.Ordinal))
            return ModelFamily.QwenImage;

        if (t.Has("lora_te2_") || t.Has("lora_te1_") || t.Has("text_encoder_2.") || t.Has("te2."))
            return ModelFamily.Sdxl;
        if (t.Has("double_blocks") || t.Has("single_blocks") || t.Has("single_transformer_blocks"))
            return ModelFamily.Flux;
        if (t.Has("joint_blocks"))
            return ModelFamily.Sd3;
        if (t.Has("img_mod") && (t.Has("txt_mlp") || t.Has("img_mlp")))
            return ModelFamily.QwenImage;
        if (t.Has("cross_attn") && t.Has("self_attn") && t.Has("ffn"))
            return ModelFamily.Wan;
        var toK = t.FindContaining("attn2", "to_k", "lora_down") ?? t.FindContaining("attn2", "to_k", "lora_A");
        switch (toK?.Dim(-1))
        {
            case 768: return ModelFamily.Sd1;
            case 1024: return ModelFamily.Sd2;
            case 2048: return ModelFamily.Sdxl;
        }
        return t.Has("lora_te_") ? ModelFamily.Sd1 : ModelFamily.Unknown;
    }

    private static ModelFamily ControlNetFamily(TensorIndex t)
    {
        if (t.Has("controlnet_blocks.") && (t.Has("double_blocks.") || t.Has("transformer_blocks.")))
            return ModelFamily.Flux;
        if (t.Find("label_emb.0.0.weight") is not null || t.Find("add_embedding.linear_1.weight") is not null)
            return ModelFamily.Sdxl;
        return ArchitectureSignatures.ContextDim(t) switch
        {
            768 => ModelFamily.Sd1,
            1024 => ModelFamily.Sd2,
            2048 => ModelFamily.Sdxl,
            _ => ModelFamily.Unknown,
        };
    }

    /// <summary>A TAESD decodes one latent space: 4 channels (SD 1.x/2.x, or SDXL by name) or 16 (Flux, or SD3 by name).</summary>
    private static ModelFamily TaesdFamily(TensorIndex t)
    {
        var latents = t.Dim("decoder.layers.1.weight", 1) ?? t.Dim("encoder.layers.16.weight", 0);
        return latents switch
        {
            4 => t.Hints("xl") ? ModelFamily.Sdxl : ModelFamily.Sd1,
            16 => t.Hints("sd3") ? ModelFamily.Sd3 : ModelFamily.Flux,
            _ => ModelFamily.Unknown,
        };
    }

    private static ModelFamily EmbeddingFamily(TensorIndex t)
    {
        if (t.HasExact("clip_g"))
            return ModelFamily.Sdxl;
        var width = (t.Find("emb_params") ?? t.FindContaining("string_to_param."))?.Dim(-1);
        return width switch
        {
            768 => ModelFamily.Sd1,
            1024 => ModelFamily.Sd2,
            _ => ModelFamily.Unknown,
        };
    }
}
