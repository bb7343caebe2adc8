using SdSupervised.IntegrationTests.Infrastructure;
using SkiaSharp;

namespace SdSupervised.IntegrationTests.Api.Generate;

/// <summary>img2img, inpainting, ControlNet and upscale over real HTTP, checked on the pixels the server returns.</summary>
public sealed class GenerationModesTests(GenerationSupervisor fixture) : IClassFixture<GenerationSupervisor>
{
    private SupervisorProcess Sup => fixture.Supervisor;

    private async Task<(JobSnapshot Job, SKBitmap Image)> RunAsync(string route, object body)
    {
        var submit = await Sup.Api.PostAsync(route, body);
        Sup.Expect(submit.Code == 202 && submit.Json.Str("job_id") is not null, $"{route} should queue a job (202 with job_id)\n{submit}");
        var job = await Sup.Api.WaitForCompletedAsync(submit.Json.Str("job_id")!, Timeouts.Job);
        var download = await Sup.Api.DownloadAsync(job.Outputs[0].Url!);
        Sup.Expect(download.Code == 200, $"the output should download\n{download}", job);
        return (job, TestImages.Decode(download.Body));
    }

    [Fact]
    public async Task Img2img_at_strength_zero_returns_the_init_image_and_at_one_ignores_it()
    {
        var init = TestImages.Gradient(64, 64);

        var (kept, same) = await RunAsync("/api/generate/img2img", new { prompt = "a harbour", width = 64, height = 64, steps = 4, init_image = TestImages.Base64(init), strength = 0.0 });
        var (_, changed) = await RunAsync("/api/generate/img2img", new { prompt = "a harbour", width = 64, height = 64, steps = 4, init_image = TestImages.Base64(init), strength = 1.0, seed = 7 });

        using var original = TestImages.Decode(init);
        Sup.Expect(kept.Type == "img2img" && kept.Params.Str("init_image") == "init.png" && Math.Abs(kept.Params.Double("strength")!.Value) < 1e-6,
            "the job should be stored as img2img with its init image file and strength", kept);
        Sup.Expect(Differences(original, same) == 0, $"strength 0 should return the init image unchanged ({Differences(original, same)} pixels differ)", kept);
        Sup.Expect(Differences(original, changed) > 64 * 64 / 2, "strength 1 should replace the init image", kept);
    }

    [Fact]
    public async Task Img2img_resizes_an_init_image_of_another_size_to_the_output_size()
    {
        var (job, image) = await RunAsync("/api/generate/img2img", new { prompt = "x", width = 96, height = 64, steps = 2, init_image = TestImages.Base64(TestImages.Gradient(30, 20)) });

        Sup.Expect(image.Width == 96 && image.Height == 64, $"the output should be 96x64, got {image.Width}x{image.Height}", job);
    }

    [Fact]
    public async Task Inpainting_keeps_the_black_half_of_the_mask_and_repaints_the_white_half()
    {
        var source = TestImages.Gradient(64, 64);
        var (job, image) = await RunAsync("/api/generate/inpainting", new
        {
            prompt = "a red door", width = 64, height = 64, steps = 4, strength = 1.0,
            source_image = TestImages.Base64(source), mask_image = TestImages.Base64(TestImages.HalfMask(64, 64)),
        });

        using var original = TestImages.Decode(source);
        var left = Differences(original, image, x => x < 32);
        var right = Differences(original, image, x => x >= 32);
        Sup.Expect(job.Type == "inpainting" && left == 0 && right > 32 * 64 / 2,
            $"black (left) should be kept exactly and white (right) repainted: {left} left and {right} right pixels differ", job);

        var (_, inverted) = await RunAsync("/api/generate/inpainting", new
        {
            prompt = "a red door", width = 64, height = 64, steps = 4, strength = 1.0, invert_mask = true,
            source_image = TestImages.Base64(source), mask_image = TestImages.Base64(TestImages.HalfMask(64, 64)),
        });
        Sup.Expect(Differences(original, inverted, x => x >= 32) == 0 && Differences(original, inverted, x => x < 32) > 0,
            "invert_mask should keep the white half instead", job);
    }

    [Fact]
    public async Task ControlNet_needs_its_model_and_applies_the_control_image()
    {
        var control = TestImages.Base64(TestImages.HalfMask(64, 64));
        var missing = await Sup.Api.PostAsync("/api/generate/controlnet", new { prompt = "x", width = 64, height = 64, control_image = control });
        ErrorBody.Assert4xx(missing, Sup.Context(), 400);
        ErrorBody.AssertNamesField(missing, "control_net_model", Sup.Context());

        var unknown = await Sup.Api.PostAsync("/api/generate/controlnet", new { prompt = "x", width = 64, height = 64, control_image = control, control_net_model = "no-such-controlnet" });
        ErrorBody.Assert4xx(unknown, Sup.Context(), 400);
        Sup.Expect(unknown.Text.Contains("controlnet--canny.safetensors", StringComparison.Ordinal) || unknown.Text.Contains("canny", StringComparison.Ordinal),
            $"an unknown ControlNet should be refused listing the ones there are\n{unknown}");

        var (job, image) = await RunAsync("/api/generate/controlnet", new { prompt = "x", width = 64, height = 64, steps = 3, seed = 5, control_image = control, control_net_model = "canny", control_strength = 1.0 });
        var (_, plain) = await RunAsync("/api/generate/text2img", new { prompt = "x", width = 64, height = 64, steps = 3, seed = 5 });
        Sup.Expect(job.Type == "controlnet" && job.Params.Str("control_net") is { } id && id.Contains("canny", StringComparison.Ordinal),
            "the job should store the ControlNet by its catalog id", job);
        Sup.Expect(Differences(plain, image) > 0, "the control image should change the result compared with the same seed without it", job);
    }

    [Fact]
    public async Task Upscale_returns_the_image_larger_by_the_factor()
    {
        var (job, image) = await RunAsync("/api/generate/upscale", new { image = TestImages.Base64(TestImages.Gradient(40, 24)), esrgan_model = "x2", upscale_factor = 2 });

        Sup.Expect(job.Type == "upscale" && image.Width == 80 && image.Height == 48 && job.Params.Int("source_width") == 40,
            $"a 40x24 image upscaled 2x should be 80x48 (got {image.Width}x{image.Height})", job);
    }

    [Fact]
    public async Task Loras_from_prompt_tags_and_the_list_are_resolved_and_unknown_ones_refused()
    {
        var (job, _) = await RunAsync("/api/generate/text2img", new { prompt = "a cat <lora:pixel_art:0.6>", width = 64, height = 64, steps = 2, loras = new[] { new { name = "pixel_art", weight = 0.3 } } });
        var loras = job.Params.Arr("loras");
        Sup.Expect(job.Params.Str("prompt") == "a cat" && loras?.Count == 2 && loras[0].Str("name") == "lora--pixel_art.safetensors" && Math.Abs(loras[0].Double("weight")!.Value - 0.6) < 1e-6,
            "the tag should leave the prompt and both LoRAs be stored by catalog id", job);

        var unknown = await Sup.Api.PostAsync("/api/generate/text2img", new { prompt = "a cat <lora:nope:1>" });
        ErrorBody.Assert4xx(unknown, Sup.Context(), 400);
        ErrorBody.AssertNamesField(unknown, "loras", Sup.Context());
    }

    [Fact]
    public async Task Hires_fix_renders_at_the_larger_size_and_refuses_sizes_over_the_limit()
    {
        var (job, image) = await RunAsync("/api/generate/text2img", new { prompt = "x", width = 64, height = 64, steps = 2, hires = new { scale = 2.0, steps = 2, upscaler = "lanczos" } });
        Sup.Expect(image.Width == 128 && image.Height == 128 && job.Params.Obj("hires").Str("upscaler") == "Lanczos",
            $"hires x2 of 64x64 should give 128x128 with the library's spelling of the upscaler (got {image.Width}x{image.Height})", job);

        var tooLarge = await Sup.Api.PostAsync("/api/generate/text2img", new { prompt = "x", width = 2048, height = 2048, hires = new { scale = 2.0 } });
        ErrorBody.Assert4xx(tooLarge, Sup.Context(), 400);
        ErrorBody.AssertNamesField(tooLarge, "hires", Sup.Context());
    }

    [Fact]
    public async Task Missing_or_unreadable_images_are_refused_naming_the_field()
    {
        var cases = new (string Route, object Body, string Field)[]
        {
            ("/api/generate/img2img", new { prompt = "x" }, "init_image"),
            ("/api/generate/img2img", new { prompt = "x", init_image = "definitely not base64 !!" }, "init_image"),
            ("/api/generate/img2img", new { prompt = "x", init_image = Convert.ToBase64String("just some text"u8.ToArray()) }, "init_image"),
            ("/api/generate/inpainting", new { prompt = "x", source_image = TestImages.Base64(TestImages.Gradient(8, 8)) }, "mask_image"),
            ("/api/generate/upscale", new { upscale_factor = 2 }, "image"),
            ("/api/generate/upscale", new { image = TestImages.Base64(TestImages.Gradient(8, 8)), upscale_factor = 99 }, "upscale_factor"),
            ("/api/generate/upscale", new { image = TestImages.Base64(TestImages.Gradient(8, 8)), esrgan_model = "canny" }, "esrgan_model"),
        };
        foreach (var (route, body, field) in cases)
        {
            var response = await Sup.Api.PostAsync(route, body);
            ErrorBody.Assert4xx(response, Sup.Context(), 400, 413, 422);
            ErrorBody.AssertNamesField(response, field, Sup.Context());
        }
    }

    [Fact]
    public async Task Estimate_answers_time_and_memory_and_refuses_what_submit_refuses()
    {
        var estimate = await Sup.Api.PostAsync("/api/estimate", new { prompt = "x", width = 512, height = 512, steps = 20 });
        Sup.Expect(estimate.Code == 200 && estimate.Json.Double("seconds") > 0 && estimate.Json.Long("memory_bytes") > 0
                   && estimate.Json.Str("basis") is { Length: > 0 },
            $"estimate should give seconds, memory and its basis\n{estimate}");
        var larger = await Sup.Api.PostAsync("/api/estimate", new { prompt = "x", width = 1024, height = 1024, steps = 20 });
        Sup.Expect(larger.Json.Double("seconds") > estimate.Json.Double("seconds") && larger.Json.Long("working_bytes") > estimate.Json.Long("working_bytes"),
            $"a 4x larger image should take longer and need more memory\n{estimate}\n{larger}");

        var bad = await Sup.Api.PostAsync("/api/estimate", new { prompt = "x", width = 100 });
        ErrorBody.Assert4xx(bad, Sup.Context(), 400);
        ErrorBody.AssertNamesField(bad, "width", Sup.Context());
        var badMode = await Sup.Api.PostAsync("/api/estimate", new { prompt = "x", mode = "video" });
        ErrorBody.Assert4xx(badMode, Sup.Context(), 400);
        ErrorBody.AssertNamesField(badMode, "mode", Sup.Context());
    }

    private static int Differences(SKBitmap a, SKBitmap b, Func<int, bool>? columns = null)
    {
        if (a.Width != b.Width || a.Height != b.Height)
            return int.MaxValue;
        var count = 0;
        for (var y = 0; y < a.Height; y++)
            for (var x = 0; x < a.Width; x++)
                if ((columns?.Invoke(x) ?? true) && a.GetPixel(x, y) != b.GetPixel(x, y))
                    count++;
        return count;
    }
}
