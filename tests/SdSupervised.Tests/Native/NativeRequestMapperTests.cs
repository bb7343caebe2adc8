using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using SdSupervised.Contracts;
using SdSupervised.Worker.Engines.Native;
using SdSupervised.Worker.Native;

namespace SdSupervised.Tests.Native;

/// <summary>
/// Requests written into the native structs, in managed memory, starting from what the library's init functions
/// produce: what a request sets must land at the right bytes, and everything else must keep the library's default.
/// </summary>
public sealed unsafe class NativeRequestMapperTests : IDisposable
{
    private readonly FakeSdNames _names = new();
    private readonly NativeArena _arena = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("sds-mapper-").FullName;

    public void Dispose()
    {
        _arena.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Txt2img_sets_what_the_request_sets_at_the_header_offsets()
    {
        var p = NativeDefaults.Generation();
        var spec = new ImageGenerationSpec { Prompt = "a café at dusk 🌅", NegativePrompt = "blur", Width = 640, Height = 384, Steps = 7, CfgScale = 4.5f, Seed = 0x1_2345_6789, BatchCount = 3 };

        Assert.Null(NativeRequestMapper.MapGeneration(spec, ref p, _arena, _names, modelVaeTiling: false));

        var bytes = Bytes(ref p);
        Assert.Equal("a café at dusk 🌅", Utf8At(bytes, 16));
        Assert.Equal("blur", Utf8At(bytes, 24));
        Assert.Equal(640, BitConverter.ToInt32(bytes, 112));
        Assert.Equal(384, BitConverter.ToInt32(bytes, 116));
        Assert.Equal(4.5f, BitConverter.ToSingle(bytes, 120));          // sample_params.guidance.txt_cfg
        Assert.Equal(7, BitConverter.ToInt32(bytes, 120 + 56));          // sample_params.sample_steps
        Assert.Equal(0x1_2345_6789L, BitConverter.ToInt64(bytes, 224));  // seed, int64
        Assert.Equal(3, BitConverter.ToInt32(bytes, 232));               // batch_count
    }

    [Fact]
    public void Prompt_is_NUL_terminated_UTF8()
    {
        var p = NativeDefaults.Generation();
        NativeRequestMapper.MapGeneration(new ImageGenerationSpec { Prompt = "ü" }, ref p, _arena, _names, false);

        Assert.Equal(new byte[] { 0xC3, 0xBC, 0 }, new ReadOnlySpan<byte>(p.Prompt, 3).ToArray());
    }

    [Fact]
    public void Unset_members_keep_the_library_defaults_and_sentinels()
    {
        var p = NativeDefaults.Generation();
        NativeRequestMapper.MapGeneration(new ImageGenerationSpec { Prompt = "p" }, ref p, _arena, _names, false);
        var defaults = NativeDefaults.Generation();

        Assert.Equal(NativeDefaults.SampleMethodCount, p.SampleParams.SampleMethod);
        Assert.Equal(NativeDefaults.SchedulerCount, p.SampleParams.Scheduler);
        Assert.Equal(float.PositiveInfinity, p.SampleParams.Eta);
        Assert.Equal(float.PositiveInfinity, p.SampleParams.FlowShift);
        Assert.Equal(float.PositiveInfinity, p.SampleParams.Guidance.ImgCfg);
        Assert.Equal(3.5f, p.SampleParams.Guidance.DistilledGuidance);
        Assert.Equal(-1, p.ClipSkip);
        Assert.Equal(0.75f, p.Strength);
        Assert.Equal(0.9f, p.ControlStrength);
        Assert.True(p.InitImage.Data is null && p.MaskImage.Data is null && p.ControlImage.Data is null);
        Assert.True(p.Loras is null);
        Assert.Equal(0u, p.LoraCount);
        Assert.False(p.VaeTilingParams.Enabled);
        Assert.False(p.Hires.Enabled);

        // Byte for byte, everything past the members every request sets is the library's.
        var mapped = Bytes(ref p);
        var original = Bytes(ref defaults);
        foreach (var (from, to) in new[] { (240, 544) })
            Assert.True(mapped.AsSpan(from, to - from).SequenceEqual(original.AsSpan(from, to - from)), $"bytes {from}..{to} changed");
    }

    [Fact]
    public void Sampler_and_scheduler_are_looked_up_by_name_in_the_library()
    {
        var p = NativeDefaults.Generation();
        var spec = new ImageGenerationSpec { SamplingMethod = "dpm++2m", Scheduler = "karras", ClipSkip = 2, Eta = 0.3f, FlowShift = 3f, ImgCfgScale = 1.5f, DistilledGuidance = 2.5f };

        Assert.Null(NativeRequestMapper.MapGeneration(spec, ref p, _arena, _names, false));

        Assert.Equal(5, p.SampleParams.SampleMethod);
        Assert.Equal(1, p.SampleParams.Scheduler);
        Assert.Equal(2, p.ClipSkip);
        Assert.Equal(0.3f, p.SampleParams.Eta);
        Assert.Equal(3f, p.SampleParams.FlowShift);
        Assert.Equal(1.5f, p.SampleParams.Guidance.ImgCfg);
        Assert.Equal(2.5f, p.SampleParams.Guidance.DistilledGuidance);
    }

    [Theory]
    [InlineData("dpmpp_2m", null, "unknown sampling method 'dpmpp_2m'; the library knows euler, euler_a")]
    [InlineData(null, "Karras", "unknown scheduler 'Karras'; the library knows discrete, karras, exponential")]
    public void Unknown_sampler_or_scheduler_is_a_clean_error_listing_the_library_names(string? sampler, string? scheduler, string expected)
    {
        var p = NativeDefaults.Generation();

        var error = NativeRequestMapper.MapGeneration(new ImageGenerationSpec { SamplingMethod = sampler, Scheduler = scheduler }, ref p, _arena, _names, false);

        Assert.NotNull(error);
        Assert.StartsWith(expected, error);
    }

    [Fact]
    public void Img2img_init_image_is_copied_as_RGB_with_strength()
    {
        var p = NativeDefaults.Generation();
        var rgba = new RawImage { Width = 2, Height = 1, Channels = 4, Pixels = [1, 2, 3, 255, 4, 5, 6, 128] };

        Assert.Null(NativeRequestMapper.MapGeneration(new ImageGenerationSpec { InitImage = rgba, Strength = 0.4f }, ref p, _arena, _names, false));

        var bytes = Bytes(ref p);
        Assert.Equal(2u, BitConverter.ToUInt32(bytes, 40));
        Assert.Equal(1u, BitConverter.ToUInt32(bytes, 44));
        Assert.Equal(3u, BitConverter.ToUInt32(bytes, 48));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, new ReadOnlySpan<byte>(p.InitImage.Data, 6).ToArray());
        Assert.Equal(0.4f, BitConverter.ToSingle(bytes, 216));
    }

    [Fact]
    public void Inpainting_mask_becomes_one_channel_at_offset_88()
    {
        var p = NativeDefaults.Generation();
        var init = new RawImage { Width = 2, Height = 1, Channels = 1, Pixels = [10, 20] };
        var mask = new RawImage { Width = 2, Height = 1, Channels = 3, Pixels = [0, 0, 0, 0, 255, 0] };

        Assert.Null(NativeRequestMapper.MapGeneration(new ImageGenerationSpec { InitImage = init, MaskImage = mask }, ref p, _arena, _names, false));

        var bytes = Bytes(ref p);
        Assert.Equal(1u, BitConverter.ToUInt32(bytes, 88 + 8));
        Assert.Equal(new byte[] { 0, 255 }, new ReadOnlySpan<byte>(p.MaskImage.Data, 2).ToArray());
        Assert.Equal(new byte[] { 10, 10, 10, 20, 20, 20 }, new ReadOnlySpan<byte>(p.InitImage.Data, 6).ToArray());
    }

    [Fact]
    public void Mask_without_init_image_is_refused()
    {
        var p = NativeDefaults.Generation();
        var mask = new RawImage { Width = 1, Height = 1, Channels = 1, Pixels = [255] };

        Assert.Equal("a mask (inpainting) needs an init image to paint into",
            NativeRequestMapper.MapGeneration(new ImageGenerationSpec { MaskImage = mask }, ref p, _arena, _names, false));
    }

    [Fact]
    public void Image_whose_bytes_do_not_match_its_size_is_refused()
    {
        var p = NativeDefaults.Generation();
        var bad = new RawImage { Width = 4, Height = 4, Channels = 3, Pixels = new byte[10] };

        Assert.Equal("control image is 4x4x3 but carries 10 bytes, not 48",
            NativeRequestMapper.MapGeneration(new ImageGenerationSpec { ControlImage = bad }, ref p, _arena, _names, false));
    }

    [Fact]
    public void ControlNet_image_and_strength_land_at_240_and_264()
    {
        var p = NativeDefaults.Generation();
        var control = new RawImage { Width = 1, Height = 1, Channels = 3, Pixels = [9, 8, 7] };

        Assert.Null(NativeRequestMapper.MapGeneration(new ImageGenerationSpec { ControlImage = control, ControlStrength = 0.6f }, ref p, _arena, _names, false));

        var bytes = Bytes(ref p);
        Assert.Equal(1u, BitConverter.ToUInt32(bytes, 240));
        Assert.Equal(3u, BitConverter.ToUInt32(bytes, 248));
        Assert.Equal((nint)p.ControlImage.Data, (nint)BitConverter.ToInt64(bytes, 256));
        Assert.Equal(0.6f, BitConverter.ToSingle(bytes, 264));
    }

    [Fact]
    public void Loras_are_an_array_of_16_byte_sd_lora_t_with_a_uint32_count()
    {
        var first = Touch("style.safetensors");
        var second = Touch("détail.safetensors");
        var p = NativeDefaults.Generation();
        var spec = new ImageGenerationSpec { Loras = [new LoraSpec { Path = first, Multiplier = 0.8f }, new LoraSpec { Path = second, Multiplier = -1.25f, IsHighNoise = true }] };

        Assert.Null(NativeRequestMapper.MapGeneration(spec, ref p, _arena, _names, false));

        var bytes = Bytes(ref p);
        Assert.Equal(2u, BitConverter.ToUInt32(bytes, 8));
        var array = (byte*)BitConverter.ToInt64(bytes, 0);
        var raw = new ReadOnlySpan<byte>(array, 32).ToArray();
        Assert.Equal(0, raw[0]);
        Assert.Equal(0.8f, BitConverter.ToSingle(raw, 4));
        Assert.Equal(first, Marshal.PtrToStringUTF8((nint)BitConverter.ToInt64(raw, 8)));
        Assert.Equal(1, raw[16]);
        Assert.Equal(-1.25f, BitConverter.ToSingle(raw, 20));
        Assert.Equal(second, Marshal.PtrToStringUTF8((nint)BitConverter.ToInt64(raw, 24)));
    }

    [Fact]
    public void Missing_lora_file_is_refused()
    {
        var p = NativeDefaults.Generation();
        var missing = Path.Combine(_dir, "nope.safetensors");

        Assert.Equal($"LoRA file '{missing}' does not exist",
            NativeRequestMapper.MapGeneration(new ImageGenerationSpec { Loras = [new LoraSpec { Path = missing }] }, ref p, _arena, _names, false));
    }

    [Fact]
    public void Skip_layer_guidance_layers_are_an_int_array_with_a_size_t_count()
    {
        var p = NativeDefaults.Generation();
        var spec = new ImageGenerationSpec { SkipLayerGuidance = new SkipLayerGuidanceSpec { Layers = [7, 8, 9], Scale = 2.5f } };

        Assert.Null(NativeRequestMapper.MapGeneration(spec, ref p, _arena, _names, false));

        var bytes = Bytes(ref p);
        var slg = 120 + 16;
        Assert.Equal(3UL, BitConverter.ToUInt64(bytes, slg + 8));
        Assert.Equal(new[] { 7, 8, 9 }, new ReadOnlySpan<int>((int*)BitConverter.ToInt64(bytes, slg), 3).ToArray());
        Assert.Equal(2.5f, p.SampleParams.Guidance.Slg.Scale);
        Assert.Equal(0.01f, p.SampleParams.Guidance.Slg.LayerStart);
    }

    [Theory]
    [InlineData(false, null, false)]
    [InlineData(true, null, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, true)]
    public void Vae_tiling_follows_the_request_else_the_model_load(bool modelTiling, bool? requestTiling, bool expected)
    {
        var p = NativeDefaults.Generation();

        NativeRequestMapper.MapGeneration(new ImageGenerationSpec { VaeTiling = requestTiling }, ref p, _arena, _names, modelTiling);

        Assert.Equal(expected, (bool)p.VaeTilingParams.Enabled);
        Assert.Equal(expected ? 1 : 0, Bytes(ref p)[352]);
        Assert.Equal(0.5f, p.VaeTilingParams.TargetOverlap);
    }

    [Fact]
    public void Hires_fix_enables_the_pass_and_looks_up_the_upscaler()
    {
        var p = NativeDefaults.Generation();
        var spec = new ImageGenerationSpec { Hires = new HiresFixSpec { Upscaler = "Latent (nearest)", TargetWidth = 1024, TargetHeight = 768, Steps = 10 } };

        Assert.Null(NativeRequestMapper.MapGeneration(spec, ref p, _arena, _names, false));

        Assert.Equal(1, Bytes(ref p)[480]);
        Assert.Equal(2, p.Hires.Upscaler);
        Assert.Equal((1024, 768, 10), (p.Hires.TargetWidth, p.Hires.TargetHeight, p.Hires.Steps));
        Assert.Equal(2.0f, p.Hires.Scale);
        Assert.Equal(0.7f, p.Hires.DenoisingStrength);
    }

    [Fact]
    public void Context_sets_given_paths_and_leaves_the_rest_null()
    {
        var model = Touch("model.gguf");
        var vae = Touch("vae.safetensors");
        var p = NativeDefaults.Context();

        Assert.Null(NativeRequestMapper.MapContext(new ModelLoadSpec { ModelId = "m", ModelPath = model, VaePath = vae }, ref p, _arena, _names, new NativeEngineOptions()));

        var bytes = Bytes(ref p);
        Assert.Equal(model, Utf8At(bytes, 0));
        Assert.Equal(vae, Utf8At(bytes, 88));
        foreach (var offset in new[] { 8, 16, 24, 32, 40, 48, 56, 64, 104, 112, 136, 152, 232, 240 })
            Assert.True(BitConverter.ToInt64(bytes, offset) == 0, $"pointer at {offset} was set");
        Assert.Equal(NativeDefaults.PhysicalCores, p.NThreads);
        Assert.Equal(NativeDefaults.SdTypeCount, p.WeightType);
        Assert.Equal(-1, BitConverter.ToInt32(bytes, 208));   // vae_format AUTO
        Assert.Equal(0, bytes[200]);                          // enable_mmap: the library's default
        Assert.Equal(1, bytes[225]);                          // eager_load: ours, on
    }

    [Fact]
    public void Context_maps_flags_threads_weight_type_and_embeddings()
    {
        var model = Touch("model.safetensors");
        var embedding = Touch("bad-hands.pt");
        var p = NativeDefaults.Context();
        var spec = new ModelLoadSpec
        {
            ModelId = "m", DiffusionModelPath = model, Threads = 6, WeightType = "q8_0", FlashAttention = true, EnableMmap = true, EagerLoad = false,
            Embeddings = [new EmbeddingSpec { Name = "bad-hands", Path = embedding }],
        };

        Assert.Null(NativeRequestMapper.MapContext(spec, ref p, _arena, _names, new NativeEngineOptions()));

        var bytes = Bytes(ref p);
        Assert.Equal(model, Utf8At(bytes, 56));
        Assert.Equal(6, BitConverter.ToInt32(bytes, 176));
        Assert.Equal(8, BitConverter.ToInt32(bytes, 180));
        Assert.Equal((1, 0, 1), (bytes[200], bytes[201], bytes[202]));   // mmap, flash_attn untouched, diffusion_flash_attn
        Assert.Equal(0, bytes[225]);
        Assert.Equal(1u, BitConverter.ToUInt32(bytes, 144));
        var entry = (SdEmbedding*)BitConverter.ToInt64(bytes, 136);
        Assert.Equal("bad-hands", Marshal.PtrToStringUTF8((nint)entry->Name));
        Assert.Equal(embedding, Marshal.PtrToStringUTF8((nint)entry->Path));
    }

    [Fact]
    public void Context_backend_puts_cpu_overrides_before_the_device_and_offload_in_params_backend()
    {
        var p = NativeDefaults.Context();
        var spec = new ModelLoadSpec { ModelId = "m", ModelPath = Touch("m.gguf"), ClipOnCpu = true, VaeOnCpu = true, OffloadParamsToCpu = true };

        Assert.Null(NativeRequestMapper.MapContext(spec, ref p, _arena, _names, new NativeEngineOptions { Backend = "cuda0" }));

        Assert.Equal("te=cpu,vae=cpu,cuda0", Marshal.PtrToStringUTF8((nint)p.Backend));
        Assert.Equal("*=cpu", Marshal.PtrToStringUTF8((nint)p.ParamsBackend));
    }

    [Theory]
    [InlineData(null, false, false, false, null)]
    [InlineData("cpu", false, false, false, "cpu")]
    [InlineData("cuda0", true, false, false, "te=cpu,cuda0")]
    [InlineData("cuda0", false, true, true, "vae=cpu,controlnet=cpu,cuda0")]
    [InlineData(null, true, false, false, "te=cpu")]
    public void Backend_composition(string? device, bool clip, bool vae, bool controlNet, string? expected) =>
        Assert.Equal(expected, NativeRequestMapper.ComposeBackend(device, clip, vae, controlNet));

    [Fact]
    public void Context_without_a_model_file_is_refused()
    {
        var p = NativeDefaults.Context();

        var error = NativeRequestMapper.MapContext(new ModelLoadSpec { ModelId = "sd15" }, ref p, _arena, _names, new NativeEngineOptions());

        Assert.Equal("model sd15 names no weights file: set ModelPath (a checkpoint) or DiffusionModelPath (a standalone diffusion model)", error);
    }

    [Fact]
    public void Context_with_a_missing_companion_file_names_it()
    {
        var p = NativeDefaults.Context();
        var missing = Path.Combine(_dir, "taesd.safetensors");

        var error = NativeRequestMapper.MapContext(new ModelLoadSpec { ModelId = "m", ModelPath = Touch("m.gguf"), TaesdPath = missing }, ref p, _arena, _names, new NativeEngineOptions());

        Assert.Equal($"TAESD file '{missing}' does not exist", error);
    }

    [Fact]
    public void Unknown_weight_type_lists_the_library_types()
    {
        var p = NativeDefaults.Context();

        var error = NativeRequestMapper.MapContext(new ModelLoadSpec { ModelId = "m", ModelPath = Touch("m.gguf"), WeightType = "q9" }, ref p, _arena, _names, new NativeEngineOptions());

        Assert.Equal("unknown weight type 'q9'; the library knows f32, f16, q4_0, q4_1, q5_0, q5_1, q8_0", error);
    }

    [Fact]
    public void Strings_with_a_NUL_are_refused_rather_than_cut()
    {
        var p = NativeDefaults.Generation();

        Assert.Throws<ArgumentException>(() => NativeRequestMapper.MapGeneration(new ImageGenerationSpec { Prompt = "a\0b" }, ref p, _arena, _names, false));
    }

    private string Touch(string name)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, [0]);
        return path;
    }

    private static byte[] Bytes<T>(ref T value)
        where T : unmanaged =>
        MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref value, 1)).ToArray();

    private static string? Utf8At(byte[] structBytes, int offset) =>
        Marshal.PtrToStringUTF8((nint)BitConverter.ToInt64(structBytes, offset));
}
