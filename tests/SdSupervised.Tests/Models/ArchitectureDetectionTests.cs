using SdSupervised.Supervisor.Models.Detection;
using SdSupervised.Supervisor.Models.Headers;
using static SdSupervised.Tests.Models.ArchitectureFixtures;

namespace SdSupervised.Tests.Models;

public sealed class ArchitectureDetectionTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sds-detect-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Case → (file name as published, writer, expected architecture id, expected family or null).</summary>
    private static readonly Dictionary<string, (string File, Func<string, string> Write, string Architecture, ModelFamily? Family)> Cases = new()
    {
        ["SD 1.5"] = ("v1-5-pruned-emaonly.safetensors", p => ModelFiles.Safetensors(p, Sd1()), "sd1", ModelFamily.Sd1),
        ["SD 1.5 inpainting"] = ("sd-v1-5-inpainting.safetensors", p => ModelFiles.Safetensors(p, Sd1(inChannels: 9)), "sd1_inpaint", ModelFamily.Sd1),
        ["InstructPix2Pix"] = ("instruct-pix2pix-00-22000.safetensors", p => ModelFiles.Safetensors(p, Sd1(inChannels: 8)), "sd1_pix2pix", ModelFamily.Sd1),
        ["Tiny SD"] = ("segmind_tiny-sd.safetensors", p => ModelFiles.Safetensors(p, Sd1(middle: false)), "tiny_sd", ModelFamily.Sd1),
        ["SDXS-512"] = ("sdxs-512-0.9.safetensors", p => ModelFiles.Safetensors(p, Sd1(middle: false, output71: false)), "sdxs_512", ModelFamily.Sd1),
        ["SD 2.1 768-v"] = ("v2-1_768-ema-pruned.safetensors", p => ModelFiles.Safetensors(p, Sd2()), "sd2", ModelFamily.Sd2),
        ["SDXL base"] = ("sd_xl_base_1.0.safetensors", p => ModelFiles.Safetensors(p, Sdxl()), "sdxl", ModelFamily.Sdxl),
        ["SDXL refiner"] = ("sd_xl_refiner_1.0.safetensors", p => ModelFiles.Safetensors(p, SdxlRefiner()), "sdxl_refiner", ModelFamily.Sdxl),
        ["SSD-1B"] = ("SSD-1B-A1111.safetensors", p => ModelFiles.Safetensors(p, Sdxl(middle: false)), "ssd_1b", ModelFamily.Sdxl),
        ["Segmind Vega"] = ("segmind-vega.safetensors", p => ModelFiles.Safetensors(p, Sdxl(middle: false, output311: false)), "sdxl_vega", ModelFamily.Sdxl),
        ["SD3 medium (all in one)"] = ("sd3_medium_incl_clips_t5xxlfp16.safetensors", p => ModelFiles.Safetensors(p, Sd3(24, 1536, mmditX: false, allInOne: true)), "sd3_medium", ModelFamily.Sd3),
        ["SD3.5 medium"] = ("sd3.5_medium.safetensors", p => ModelFiles.Safetensors(p, Sd3(24, 1536, mmditX: true, allInOne: false)), "sd3_5_medium", ModelFamily.Sd3),
        ["SD3.5 large"] = ("sd3.5_large.safetensors", p => ModelFiles.Safetensors(p, Sd3(38, 2432, mmditX: false, allInOne: false)), "sd3_5_large", ModelFamily.Sd3),
        ["Flux dev"] = ("flux1-dev.safetensors", p => ModelFiles.Safetensors(p, Flux()), "flux_dev", ModelFamily.Flux),
        ["Flux dev (full checkpoint names)"] = ("flux1-dev-fp8.safetensors", p => ModelFiles.Safetensors(p, Flux(prefix: "model.diffusion_model.", dtype: "F8_E4M3")), "flux_dev", ModelFamily.Flux),
        ["Flux dev GGUF Q8_0"] = ("flux1-dev-q8_0.gguf", p => ModelFiles.Gguf(p, FluxGguf()), "flux_dev", ModelFamily.Flux),
        ["Flux schnell"] = ("flux1-schnell.safetensors", p => ModelFiles.Safetensors(p, Flux(guidance: false)), "flux_schnell", ModelFamily.Flux),
        ["Flux Kontext"] = ("flux1-kontext-dev.safetensors", p => ModelFiles.Safetensors(p, Flux()), "flux_kontext", ModelFamily.Flux),
        ["Flux Fill"] = ("flux1-fill-dev.safetensors", p => ModelFiles.Safetensors(p, Flux(inChannels: 384)), "flux_fill", ModelFamily.Flux),
        ["Chroma"] = ("chroma-unlocked-v40.safetensors", p => ModelFiles.Safetensors(p, Chroma(radiance: false)), "chroma", ModelFamily.Chroma),
        ["Chroma1-Radiance"] = ("Chroma1-Radiance-v0.4.safetensors", p => ModelFiles.Safetensors(p, Chroma(radiance: true)), "chroma_radiance", ModelFamily.Chroma),
        ["Wan 2.1 T2V 1.3B"] = ("wan2.1_t2v_1.3B_fp16.safetensors", p => ModelFiles.Safetensors(p, Wan(1536, 16)), "wan2_1_t2v", ModelFamily.Wan),
        ["Wan 2.1 T2V 14B"] = ("wan2.1_t2v_14B_fp16.safetensors", p => ModelFiles.Safetensors(p, Wan(5120, 16, layers: 40)), "wan2_1_t2v", ModelFamily.Wan),
        ["Wan 2.1 I2V 14B"] = ("wan2.1_i2v_480p_14B_fp16.safetensors", p => ModelFiles.Safetensors(p, Wan(5120, 36, imgEmb: true, layers: 40)), "wan2_1_i2v", ModelFamily.Wan),
        ["Wan 2.1 FLF2V 14B"] = ("wan2.1_flf2v_720p_14B_fp16.safetensors", p => ModelFiles.Safetensors(p, Wan(5120, 36, imgEmb: true, flf: true, layers: 40)), "wan2_1_flf2v", ModelFamily.Wan),
        ["Wan 2.1 VACE 1.3B"] = ("wan2.1_vace_1.3B_fp16.safetensors", p => ModelFiles.Safetensors(p, Wan(1536, 16, vace: true)), "wan2_1_vace", ModelFamily.Wan),
        ["Wan 2.2 T2V A14B low noise"] = ("wan2.2_t2v_low_noise_14B_fp16.safetensors", p => ModelFiles.Safetensors(p, Wan(5120, 16, layers: 40)), "wan2_2_t2v", ModelFamily.Wan),
        ["Wan 2.2 I2V A14B high noise GGUF"] = ("Wan2.2-I2V-A14B-HighNoise-Q8_0.gguf", p => ModelFiles.Gguf(p, WanGguf(5120, 36)), "wan2_2_i2v", ModelFamily.Wan),
        ["Wan 2.2 TI2V 5B"] = ("wan2.2_ti2v_5B_fp16.safetensors", p => ModelFiles.Safetensors(p, Wan(3072, 48, layers: 30)), "wan2_2_ti2v", ModelFamily.Wan),
        ["Qwen Image"] = ("qwen_image_fp8_e4m3fn.safetensors", p => ModelFiles.Safetensors(p, QwenImage()), "qwen_image", ModelFamily.QwenImage),
        ["Qwen Image Edit"] = ("qwen_image_edit_2509_fp8_e4m3fn.safetensors", p => ModelFiles.Safetensors(p, QwenImage()), "qwen_image_edit", ModelFamily.QwenImage),

        ["CLIP-L"] = ("clip_l.safetensors", p => ModelFiles.Safetensors(p, ClipText(768, 12)), "clip_l", null),
        ["CLIP-G"] = ("clip_g.safetensors", p => ModelFiles.Safetensors(p, ClipText(1280, 32)), "clip_g", null),
        ["T5-XXL"] = ("t5xxl_fp16.safetensors", p => ModelFiles.Safetensors(p, T5(32128, perLayerBias: false)), "t5xxl", null),
        ["UMT5-XXL"] = ("umt5_xxl_fp16.safetensors", p => ModelFiles.Safetensors(p, T5(256384, perLayerBias: true)), "umt5_xxl", null),
        ["UMT5-XXL GGUF"] = ("umt5-xxl-encoder-Q8_0.gguf", p => ModelFiles.Gguf(p, Umt5Gguf(), [("general.architecture", GgufValue.Str("t5encoder"))]), "umt5_xxl", null),
        ["Qwen2.5-VL 7B"] = ("qwen_2.5_vl_7b.safetensors", p => ModelFiles.Safetensors(p, Qwen25Vl()), "qwen2_5_vl", null),
        ["Qwen2.5-VL 7B GGUF"] = ("Qwen2.5-VL-7B-Instruct-Q8_0.gguf", p => ModelFiles.Gguf(p, Qwen25VlGguf(), [("general.architecture", GgufValue.Str("qwen2vl"))]), "qwen2_5_vl", null),
        ["SD VAE"] = ("vae-ft-mse-840000-ema-pruned.safetensors", p => ModelFiles.Safetensors(p, KlVae("", 4)), "vae_sd", ModelFamily.Sd1),
        ["SDXL VAE"] = ("sdxl_vae.safetensors", p => ModelFiles.Safetensors(p, KlVae("", 4)), "vae_sdxl", ModelFamily.Sdxl),
        ["Flux VAE"] = ("ae.safetensors", p => ModelFiles.Safetensors(p, KlVae("", 16, quantConv: false)), "vae_flux", ModelFamily.Flux),
        ["SD3 VAE"] = ("sd3_vae.safetensors", p => ModelFiles.Safetensors(p, KlVae("", 16, quantConv: false)), "vae_sd3", ModelFamily.Sd3),
        ["Wan 2.1 VAE"] = ("wan_2.1_vae.safetensors", p => ModelFiles.Safetensors(p, WanVae(16)), "vae_wan2_1", ModelFamily.Wan),
        ["Qwen Image VAE"] = ("qwen_image_vae.safetensors", p => ModelFiles.Safetensors(p, WanVae(16)), "vae_qwen_image", ModelFamily.QwenImage),
        ["Wan 2.2 VAE"] = ("wan2.2_vae.safetensors", p => ModelFiles.Safetensors(p, WanVae(48)), "vae_wan2_2", ModelFamily.Wan),
        ["TAESD"] = ("taesd.safetensors", p => ModelFiles.Safetensors(p, Taesd(4)), "taesd", ModelFamily.Sd1),
        ["TAESDXL"] = ("taesdxl.safetensors", p => ModelFiles.Safetensors(p, Taesd(4)), "taesd", ModelFamily.Sdxl),
        ["TAEF1"] = ("taef1.safetensors", p => ModelFiles.Safetensors(p, Taesd(16)), "taesd", ModelFamily.Flux),
        ["ESRGAN x4"] = ("RealESRGAN_x4plus.safetensors", p => ModelFiles.Safetensors(p, Esrgan()), "esrgan", null),
        ["ControlNet SD1.5"] = ("control_v11p_sd15_canny.safetensors", p => ModelFiles.Safetensors(p, ControlNetSd1()), "controlnet", ModelFamily.Sd1),
        ["LoRA SD1.5 (kohya)"] = ("detail_tweaker.safetensors", p => ModelFiles.Safetensors(p, LoraSd1Kohya()), "lora", ModelFamily.Sd1),
        ["LoRA SDXL (metadata)"] = ("pixel-art-xl.safetensors", p => ModelFiles.Safetensors(p, LoraSd1Kohya(), new Dictionary<string, string> { ["ss_base_model_version"] = "sdxl_base_v1-0" }), "lora", ModelFamily.Sdxl),
        ["LoRA Flux"] = ("realism_lora_comfy_converted.safetensors", p => ModelFiles.Safetensors(p, LoraFlux()), "lora", ModelFamily.Flux),
        ["LoRA Wan"] = ("wan2.2_t2v_lightx2v_4steps_lora.safetensors", p => ModelFiles.Safetensors(p, LoraWan()), "lora", ModelFamily.Wan),
        ["PhotoMaker"] = ("photomaker-v1.safetensors", p => ModelFiles.Safetensors(p, PhotoMakerV1()), "photomaker", null),
        ["CLIP vision H"] = ("clip_vision_h.safetensors", p => ModelFiles.Safetensors(p, ClipVisionH()), "clip_vision", null),
        ["Embedding SD1"] = ("easynegative.safetensors", p => ModelFiles.Safetensors(p, [new T("emb_params", [8, 768], "F32")]), "embedding", ModelFamily.Sd1),
        ["Embedding SDXL"] = ("negativeXL.safetensors", p => ModelFiles.Safetensors(p, [new T("clip_l", [8, 768], "F32"), new T("clip_g", [8, 1280], "F32")]), "embedding", ModelFamily.Sdxl),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Detects_architecture_from_header_only_file(string name)
    {
        var (file, write, expected, family) = Cases[name];
        var path = write(Path.Combine(_dir, file));

        var read = ModelHeaderReader.Read(path);
        Assert.True(read.IsValid, $"{name}: header should be valid, got: {read.Invalid}");
        var detection = ArchitectureDetector.Detect(read.Header!, file);

        Assert.True(Architectures.Get(detection.Architecture).Id == expected,
            $"{name}: expected {expected}, detected {Architectures.Get(detection.Architecture).Id} ({detection.Reason})");
        if (family is not null)
            Assert.Equal(family, detection.BaseFamily);
    }

    [Fact]
    public void Data_region_is_sparse_so_a_flux_sized_file_costs_nothing()
    {
        var path = ModelFiles.Safetensors(Path.Combine(_dir, "flux1-dev.safetensors"), ArchitectureFixtures.Flux());
        Assert.True(new FileInfo(path).Length > 500_000_000, "the file should claim the real tensors' size");
    }

    [Fact]
    public void All_in_one_sd3_carries_its_vae_and_text_encoders_and_loads_by_model_path()
    {
        var path = ModelFiles.Safetensors(Path.Combine(_dir, "sd3_medium_incl_clips_t5xxlfp16.safetensors"), Sd3(24, 1536, false, allInOne: true));
        var d = Detect(path);
        Assert.True(d.FullCheckpoint);
        Assert.Equal(new[] { CompanionKind.Vae, CompanionKind.ClipL, CompanionKind.ClipG, CompanionKind.T5xxl }.Order(), d.Embedded.Order());
        Assert.Equal("flow", d.Prediction);
    }

    [Fact]
    public void Sd1_checkpoint_carries_vae_and_clip_l()
    {
        var d = Detect(ModelFiles.Safetensors(Path.Combine(_dir, "sd15.safetensors"), Sd1()));
        Assert.Contains(CompanionKind.Vae, d.Embedded);
        Assert.Contains(CompanionKind.ClipL, d.Embedded);
        Assert.Equal("eps", d.Prediction);
    }

    [Theory]
    [InlineData("v2-1_768-ema-pruned.safetensors", "v (by file name)")]
    [InlineData("v2-1_512-ema-pruned.safetensors", "eps or v: the library probes the U-Net when it loads")]
    public void Sd2_prediction_is_told_by_name_or_left_to_the_load_probe(string file, string prediction)
    {
        Assert.Equal(prediction, Detect(ModelFiles.Safetensors(Path.Combine(_dir, file), Sd2())).Prediction);
    }

    [Fact]
    public void Sdxl_with_a_v_pred_key_is_v_prediction()
    {
        var d = Detect(ModelFiles.Safetensors(Path.Combine(_dir, "noobai-xl-vpred.safetensors"), [.. Sdxl(), new T("v_pred", [], "F32")]));
        Assert.Equal(ModelArchitecture.Sdxl, d.Architecture);
        Assert.Equal("v", d.Prediction);
    }

    [Theory]
    [InlineData("Wan2.2-I2V-A14B-HighNoise-Q8_0.gguf", "high-noise expert")]
    [InlineData("Wan2.2-I2V-A14B-LowNoise-Q8_0.gguf", "low-noise expert")]
    public void Wan22_expert_and_size_come_from_name_and_shapes(string file, string expert)
    {
        var d = Detect(ModelFiles.Gguf(Path.Combine(_dir, file), WanGguf(5120, 36)));
        Assert.Equal(ModelArchitecture.Wan22I2V, d.Architecture);
        Assert.Contains("14B", d.Notes);
        Assert.Contains(expert, d.Notes);
    }

    [Fact]
    public void Unknown_tensors_stay_unknown_with_the_reason()
    {
        var d = Detect(ModelFiles.Safetensors(Path.Combine(_dir, "mystery.safetensors"), [new T("foo.bar.weight", [4, 4]), new T("baz", [2])]));
        Assert.Equal(ModelArchitecture.Unknown, d.Architecture);
        Assert.Contains("no known signature among 2 tensors", d.Reason);
        Assert.Contains("foo.bar.weight", d.Reason);
    }

    [Fact]
    public void Pickle_checkpoint_is_unknown_until_loaded()
    {
        var path = Path.Combine(_dir, "model.ckpt");
        Directory.CreateDirectory(_dir);
        File.WriteAllBytes(path, [(byte)'P', (byte)'K', 3, 4, 0, 0, 0, 0]);
        var read = ModelHeaderReader.Read(path);
        Assert.True(read.IsValid);
        Assert.Equal(ModelFileFormat.Pickle, read.Header!.Format);
        var d = ArchitectureDetector.Detect(read.Header, "model.ckpt");
        Assert.Equal(ModelArchitecture.Unknown, d.Architecture);
        Assert.Equal("pickle checkpoint: load to find out", d.Reason);
    }

    [Fact]
    public void Every_architecture_has_info_and_every_signature_row_names_evidence()
    {
        foreach (var a in Enum.GetValues<ModelArchitecture>())
            Assert.NotNull(Architectures.Get(a));
        Assert.All(ArchitectureSignatures.Table, row => Assert.False(string.IsNullOrWhiteSpace(row.Evidence)));
        Assert.Equal(Enum.GetValues<ModelArchitecture>().Length, Architectures.All.Select(i => i.Id).Distinct().Count());
    }

    private ModelDetection Detect(string path)
    {
        var read = ModelHeaderReader.Read(path);
        Assert.True(read.IsValid, read.Invalid);
        return ArchitectureDetector.Detect(read.Header!, Path.GetFileName(path));
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
