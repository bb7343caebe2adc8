using SdSupervised.Supervisor.Compat.A1111;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Tests.Compat.A1111;

public sealed class A1111DraftMapperTests
{
    private static A1111GenerationRequest Txt2Img(string json) => A1111JsonBody.Parse<A1111GenerationRequest>(System.Text.Json.Nodes.JsonNode.Parse(json)).Body!.Request;

    private static A1111Img2ImgRequest Img2Img(string json) => A1111JsonBody.Parse<A1111Img2ImgRequest>(System.Text.Json.Nodes.JsonNode.Parse(json)).Body!.Request;

    private static readonly DecodedImage Pixel = new(8, 8, new byte[8 * 8 * 4]);

    [Fact]
    public void Omitted_fields_take_A1111s_defaults()
    {
        var (draft, failure) = A1111DraftMapper.Map(Txt2Img("""{"prompt": "a cat"}"""));

        Assert.Null(failure);
        var p = draft!.Parameters;
        Assert.Equal(JobType.Text2Img, draft.Type);
        Assert.Equal(("a cat", "", 512, 512, 50, 7f, -1L, 1), (p.Prompt, p.NegativePrompt, p.Width, p.Height, p.Steps, p.CfgScale, p.Seed, p.BatchCount));
        Assert.Null(p.SamplingMethod);
        Assert.Null(p.Scheduler);
        Assert.Null(p.Model);
        Assert.Equal(-1, p.ClipSkip);
        Assert.Null(p.Hires);
        Assert.Null(p.Strength);
    }

    [Fact]
    public void Batch_size_times_n_iter_is_the_batch()
    {
        var (draft, _) = A1111DraftMapper.Map(Txt2Img("""{"prompt": "x", "batch_size": 2, "n_iter": 3, "seed": 77}"""));

        Assert.Equal(6, draft!.Parameters.BatchCount);
        Assert.Equal(77, draft.Parameters.Seed);
    }

    [Theory]
    [InlineData("""{"prompt": "x", "batch_size": 0}""", "batch_size")]
    [InlineData("""{"prompt": "x", "n_iter": -1}""", "n_iter")]
    [InlineData("""{"prompt": "x", "sampler_name": "UniPC"}""", "sampler_name")]
    [InlineData("""{"prompt": "x", "override_settings": {"CLIP_stop_at_last_layers": "two"}}""", "override_settings.CLIP_stop_at_last_layers")]
    [InlineData("""{"prompt": "x", "override_settings": {"sd_model_checkpoint": 5}}""", "override_settings.sd_model_checkpoint")]
    public void Bad_A1111_fields_are_422s_naming_them(string json, string field)
    {
        var (draft, failure) = A1111DraftMapper.Map(Txt2Img(json));

        Assert.Null(draft);
        Assert.Equal(422, failure!.Status);
        Assert.Equal([field], failure.Errors!.Keys);
        Assert.Equal(failure.Message, failure.Body.Detail);
    }

    [Fact]
    public void Sampler_name_wins_and_sampler_index_is_the_fallback()
    {
        Assert.Equal("heun", A1111DraftMapper.Map(Txt2Img("""{"prompt": "x", "sampler_index": "Heun"}""")).Draft!.Parameters.SamplingMethod);
        var both = A1111DraftMapper.Map(Txt2Img("""{"prompt": "x", "sampler_name": "DPM++ 2M Karras", "sampler_index": "Euler"}""")).Draft!.Parameters;
        Assert.Equal(("dpm++2m", "karras"), (both.SamplingMethod, both.Scheduler));
    }

    [Theory]
    [InlineData("1", -1)]
    [InlineData("0", -1)]
    [InlineData("2", 2)]
    [InlineData("\"3\"", 3)]
    [InlineData("12", 12)]
    public void Clip_stop_at_last_layers_maps_to_clip_skip(string value, int clipSkip)
    {
        var (draft, failure) = A1111DraftMapper.Map(Txt2Img($$$"""{"prompt": "x", "override_settings": {"CLIP_stop_at_last_layers": {{{value}}}}}"""));

        Assert.Null(failure);
        Assert.Equal(clipSkip, draft!.Parameters.ClipSkip);
    }

    [Fact]
    public void Override_settings_name_the_checkpoint_and_vae_and_the_rest_is_ignored()
    {
        var (draft, _) = A1111DraftMapper.Map(Txt2Img("""
            {"prompt": "x", "override_settings": {"sd_model_checkpoint": "alpha.safetensors [0123456789]", "sd_vae": "sdxl_vae.safetensors",
             "samples_format": "jpg", "eta_noise_seed_delta": 31337}, "override_settings_restore_afterwards": false}
            """));

        Assert.Equal("alpha.safetensors", draft!.Parameters.Model);
        Assert.Equal("sdxl_vae.safetensors", draft.Parameters.Vae);

        foreach (var automatic in new[] { "Automatic", "None", "" })
            Assert.Null(A1111DraftMapper.Map(Txt2Img($$$"""{"prompt": "x", "override_settings": {"sd_vae": "{{{automatic}}}"}}""")).Draft!.Parameters.Vae);
    }

    [Fact]
    public void Enable_hr_with_a_scale_is_a_hires_pass()
    {
        var (draft, _) = A1111DraftMapper.Map(Txt2Img("""
            {"prompt": "x", "enable_hr": true, "hr_scale": 1.5, "hr_upscaler": "Latent", "hr_second_pass_steps": 0, "hr_resize_x": 0, "hr_resize_y": 0, "denoising_strength": 0.55}
            """));

        var hires = draft!.Parameters.Hires!;
        Assert.Equal(("Latent", 1.5f, (int?)null, (int?)null, (int?)null, 0.55f), (hires.Upscaler, hires.Scale, hires.Width, hires.Height, hires.Steps, hires.DenoisingStrength));
        Assert.Null(draft.Parameters.Strength);
    }

    [Fact]
    public void Hires_resize_wins_over_the_scale_and_disabled_hr_is_ignored()
    {
        var hires = A1111DraftMapper.Map(Txt2Img("""{"prompt": "x", "enable_hr": true, "hr_scale": 2, "hr_resize_x": 1024, "hr_resize_y": 768, "hr_second_pass_steps": 12}""")).Draft!.Parameters.Hires!;
        Assert.Equal((null, 1024, 768, 12), (hires.Scale, hires.Width, hires.Height, hires.Steps));

        Assert.Equal(2f, A1111DraftMapper.Map(Txt2Img("""{"prompt": "x", "enable_hr": true}""")).Draft!.Parameters.Hires!.Scale);
        Assert.Null(A1111DraftMapper.Map(Txt2Img("""{"prompt": "x", "enable_hr": false, "hr_scale": 2}""")).Draft!.Parameters.Hires);
    }

    [Fact]
    public void Img2img_is_img2img_or_inpainting_by_the_mask()
    {
        var plain = A1111DraftMapper.Map(Img2Img("""{"prompt": "x", "init_images": ["..."]}"""), Pixel).Draft!;
        Assert.Equal(JobType.Img2Img, plain.Type);
        Assert.Equal(0.75f, plain.Parameters.Strength);
        Assert.Same(Pixel, plain.InitImage);

        var masked = A1111DraftMapper.Map(Img2Img("""{"prompt": "x", "denoising_strength": 0.4, "inpainting_mask_invert": 1, "mask_blur": 4, "resize_mode": 0}"""), Pixel, Pixel).Draft!;
        Assert.Equal(JobType.Inpainting, masked.Type);
        Assert.Equal(0.4f, masked.Parameters.Strength);
        Assert.True(masked.InvertMask);
        Assert.Same(Pixel, masked.MaskImage);
    }

    [Fact]
    public void Real_client_payloads_with_unknown_fields_read_cleanly()
    {
        var (body, failure) = A1111JsonBody.Parse<A1111GenerationRequest>(System.Text.Json.Nodes.JsonNode.Parse("""
            {"prompt": "p", "styles": ["s"], "subseed": -1, "subseed_strength": 0, "seed_resize_from_h": -1, "restore_faces": false,
             "tiling": false, "do_not_save_samples": false, "do_not_save_grid": false, "eta": 0, "s_churn": 0, "script_args": [],
             "script_name": null, "alwayson_scripts": {}, "sampler_index": "Euler", "comments": {}, "infotext": null,
             "hr_checkpoint_name": null, "refiner_checkpoint": null, "send_images": true, "save_images": false,
             "seed": null, "width": "256", "cfg_scale": 6, "batch_size": null, "steps": 10}
            """));

        Assert.Null(failure);
        var r = body!.Request;
        Assert.Equal((-1L, 256, 6f, (int?)null, 10), (r.Seed, r.Width, r.CfgScale, r.BatchSize, r.Steps));
        Assert.True(body.Raw.ContainsKey("alwayson_scripts"));
    }

    [Theory]
    [InlineData("""{"prompt": "x", "steps": "many"}""", "validation_failed", "steps")]
    [InlineData("""{"prompt": "x", "steps": 20""", "malformed_json", null)]
    [InlineData("""[1, 2]""", "malformed_json", null)]
    public async Task Unreadable_bodies_are_422s(string json, string code, string? field)
    {
        var (_, failure) = await A1111JsonBody.ReadAsync<A1111GenerationRequest>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), CancellationToken.None);

        Assert.Equal(422, failure!.Status);
        Assert.Equal(code, failure.Code);
        if (field is not null)
            Assert.Equal([field], failure.Errors!.Keys);
    }

    [Fact]
    public async Task An_empty_body_is_every_default()
    {
        var (body, failure) = await A1111JsonBody.ReadAsync<A1111GenerationRequest>(new MemoryStream(), CancellationToken.None);

        Assert.Null(failure);
        Assert.Null(body!.Request.Prompt);
        Assert.Empty(body.Raw);
    }
}
