using SdSupervised.Contracts;
using SdSupervised.Worker.Engines.Synthetic;
using SdSupervised.Worker.Faults;
using SdSupervised.Worker.Logging;

namespace SdSupervised.Tests.Worker;

/// <summary>img2img, inpainting, ControlNet, LoRAs, hires fix and VAE tiling on the synthetic engine: each has a real, exact effect.</summary>
public sealed class SyntheticEngineModesTests
{
    private const int Width = 64;
    private const int Height = 48;

    private static readonly ImageGenerationSpec BaseSpec = new()
    {
        JobId = "job-modes",
        Prompt = "a harbour at noon",
        Width = Width,
        Height = Height,
        Steps = 8,
        Seed = 77,
    };

    private readonly List<string> _log = [];

    // ---- img2img ----------------------------------------------------------------------------------------

    [Fact]
    public async Task Strength_0_returns_the_init_image_exactly()
    {
        var init = NoiseImage(Width, Height, 3, salt: 1);

        var result = await GenerateAsync(BaseSpec with { InitImage = init, Strength = 0f });

        Assert.Equal(init.Pixels, result.Images[0].Pixels);
    }

    [Fact]
    public async Task Strength_1_ignores_the_init_image()
    {
        var txt2img = await GenerateAsync(BaseSpec);
        var fromOne = await GenerateAsync(BaseSpec with { InitImage = NoiseImage(Width, Height, 3, salt: 1), Strength = 1f });
        var fromOther = await GenerateAsync(BaseSpec with { InitImage = NoiseImage(Width, Height, 3, salt: 2), Strength = 1f });

        Assert.Equal(txt2img.Images[0].Pixels, fromOne.Images[0].Pixels);
        Assert.Equal(txt2img.Images[0].Pixels, fromOther.Images[0].Pixels);
    }

    [Theory]
    [InlineData(0.25f)]
    [InlineData(0.5f)]
    [InlineData(null)]
    public async Task Partial_strength_lies_between_init_and_picture_in_proportion(float? strength)
    {
        var init = NoiseImage(Width, Height, 3, salt: 3);
        var picture = (await GenerateAsync(BaseSpec)).Images[0].Pixels;

        var result = (await GenerateAsync(BaseSpec with { InitImage = init, Strength = strength })).Images[0].Pixels;

        var s = strength ?? SyntheticPlan.DefaultStrength;
        for (var i = 0; i < result.Length; i++)
        {
            var expected = init.Pixels[i] + (picture[i] - init.Pixels[i]) * s;
            Assert.InRange(result[i], expected - 1.5, expected + 1.5);
        }
        Assert.NotEqual(init.Pixels, result);
        Assert.NotEqual(picture, result);
    }

    [Theory]
    [InlineData(20, 0.5f, 11)]
    [InlineData(20, 0.75f, 16)]
    [InlineData(20, 0f, 1)]
    [InlineData(20, 0.99f, 20)]
    [InlineData(20, 1f, 20)]
    [InlineData(3, 0.1f, 1)]
    public async Task Img2img_progress_reports_the_steps_the_library_runs(int steps, float strength, int expected)
    {
        var progress = new ListProgress();

        var result = await GenerateAsync(BaseSpec with { Steps = steps, InitImage = NoiseImage(Width, Height, 3), Strength = strength }, progress);

        Assert.True(result.Success, result.Error);
        Assert.Equal(Enumerable.Range(1, expected), progress.Reports.Select(p => p.Step));
        Assert.All(progress.Reports, p => Assert.Equal(expected, p.Steps));
    }

    [Fact]
    public async Task Init_image_of_another_size_is_resized_to_the_requested_size()
    {
        // 2x2 quadrants of distinct colours; at strength 0 the output is exactly those quadrants, 32x24 each.
        var init = new RawImage { Width = 2, Height = 2, Channels = 3, Pixels = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120] };

        var image = (await GenerateAsync(BaseSpec with { InitImage = init, Strength = 0f })).Images[0];

        Assert.Equal((Width, Height), (image.Width, image.Height));
        Assert.Equal([10, 20, 30], Pixel(image.Pixels, Width, 0, 0));
        Assert.Equal([40, 50, 60], Pixel(image.Pixels, Width, Width - 1, 0));
        Assert.Equal([70, 80, 90], Pixel(image.Pixels, Width, 0, Height - 1));
        Assert.Equal([100, 110, 120], Pixel(image.Pixels, Width, Width - 1, Height - 1));
        Assert.Equal([100, 110, 120], Pixel(image.Pixels, Width, Width / 2, Height / 2));
    }

    [Fact]
    public async Task Gray_and_rgba_init_images_count_as_their_rgb()
    {
        var gray = NoiseImage(Width, Height, 1, salt: 4);
        var rgba = NoiseImage(Width, Height, 4, salt: 5);

        var fromGray = (await GenerateAsync(BaseSpec with { InitImage = gray, Strength = 0f })).Images[0].Pixels;
        var fromRgba = (await GenerateAsync(BaseSpec with { InitImage = rgba, Strength = 0f })).Images[0].Pixels;

        Assert.Equal(gray.Pixels.SelectMany(v => new[] { v, v, v }), fromGray);
        Assert.Equal(rgba.Pixels.Where((_, i) => i % 4 != 3), fromRgba);
    }

    // ---- inpainting -------------------------------------------------------------------------------------

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Inpainting_keeps_black_masked_pixels_exactly_and_repaints_white_ones(int maskChannels)
    {
        var init = NoiseImage(Width, Height, 3, salt: 6);
        var mask = HalfMask(Width, Height, maskChannels);
        var img2img = (await GenerateAsync(BaseSpec with { InitImage = init, Strength = 0.8f })).Images[0].Pixels;

        var result = (await GenerateAsync(BaseSpec with { InitImage = init, Strength = 0.8f, MaskImage = mask })).Images[0].Pixels;

        var changed = 0;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var pixel = Pixel(result, Width, x, y);
                if (x < Width / 2)
                {
                    Assert.Equal(Pixel(init.Pixels, Width, x, y), pixel);
                }
                else
                {
                    Assert.Equal(Pixel(img2img, Width, x, y), pixel);
                    if (!pixel.SequenceEqual(Pixel(init.Pixels, Width, x, y)))
                        changed++;
                }
            }
        }
        Assert.True(changed > Width * Height / 4, $"only {changed} white-masked pixels changed");
    }

    [Fact]
    public async Task Gray_mask_mixes_init_and_img2img_linearly()
    {
        var init = NoiseImage(Width, Height, 3, salt: 7);
        var mask = new RawImage { Width = Width, Height = Height, Channels = 1, Pixels = Enumerable.Repeat((byte)128, Width * Height).ToArray() };
        var img2img = (await GenerateAsync(BaseSpec with { InitImage = init, Strength = 1f })).Images[0].Pixels;

        var result = (await GenerateAsync(BaseSpec with { InitImage = init, Strength = 1f, MaskImage = mask })).Images[0].Pixels;

        for (var i = 0; i < result.Length; i++)
        {
            var expected = init.Pixels[i] + (img2img[i] - init.Pixels[i]) * 128 / 255.0;
            Assert.InRange(result[i], expected - 1, expected + 1);
        }
    }

    [Fact]
    public async Task Mask_of_another_size_is_resized_like_the_library_does()
    {
        var init = NoiseImage(Width, Height, 3, salt: 8);
        var mask = new RawImage { Width = 2, Height = 1, Channels = 1, Pixels = [0, 255] };

        var sized = (await GenerateAsync(BaseSpec with { InitImage = init, MaskImage = HalfMask(Width, Height, 1) })).Images[0].Pixels;
        var resized = (await GenerateAsync(BaseSpec with { InitImage = init, MaskImage = mask })).Images[0].Pixels;

        Assert.Equal(sized, resized);
    }

    [Fact]
    public async Task Mask_without_an_init_image_fails_cleanly()
    {
        var result = await GenerateAsync(BaseSpec with { MaskImage = HalfMask(Width, Height, 1) });

        Assert.False(result.Success);
        Assert.Contains("needs an init image", result.Error);
    }

    // ---- ControlNet -------------------------------------------------------------------------------------

    [Fact]
    public async Task Control_image_and_strength_change_the_picture()
    {
        var plain = (await GenerateAsync(BaseSpec)).Images[0].Pixels;
        var one = (await GenerateAsync(BaseSpec with { ControlImage = NoiseImage(Width, Height, 3, salt: 9) })).Images[0].Pixels;
        var other = (await GenerateAsync(BaseSpec with { ControlImage = NoiseImage(Width, Height, 3, salt: 10) })).Images[0].Pixels;
        var weaker = (await GenerateAsync(BaseSpec with { ControlImage = NoiseImage(Width, Height, 3, salt: 9), ControlStrength = 0.3f })).Images[0].Pixels;

        Assert.True(PixelDiff.DifferingFraction(plain, one) > 0.5);
        Assert.True(PixelDiff.DifferingFraction(one, other) > 0.5);
        Assert.True(PixelDiff.DifferingFraction(one, weaker) > 0.5);
    }

    [Fact]
    public async Task White_control_image_or_strength_0_leaves_the_picture_alone()
    {
        var plain = (await GenerateAsync(BaseSpec)).Images[0].Pixels;
        var white = new RawImage { Width = 4, Height = 4, Channels = 1, Pixels = Enumerable.Repeat((byte)255, 16).ToArray() };

        var underWhite = (await GenerateAsync(BaseSpec with { ControlImage = white })).Images[0].Pixels;
        var atZero = (await GenerateAsync(BaseSpec with { ControlImage = NoiseImage(Width, Height, 3, salt: 11), ControlStrength = 0f })).Images[0].Pixels;

        Assert.Equal(plain, underWhite);
        Assert.Equal(plain, atZero);
    }

    [Fact]
    public async Task Dark_control_regions_come_out_darker_than_light_ones()
    {
        var plain = (await GenerateAsync(BaseSpec)).Images[0].Pixels;
        var leftBlack = HalfMask(Width, Height, 1);

        var result = (await GenerateAsync(BaseSpec with { ControlImage = leftBlack, ControlStrength = 1f })).Images[0].Pixels;

        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var before = Pixel(plain, Width, x, y);
                var after = Pixel(result, Width, x, y);
                if (x < Width / 2)
                    Assert.All(Enumerable.Range(0, 3), c => Assert.InRange(after[c], before[c] / 4 - 1, before[c] / 4 + 1));
                else
                    Assert.Equal(before, after);
            }
        }
    }

    [Fact]
    public async Task Control_image_without_any_controlnet_is_applied_with_a_warning()
    {
        var engine = await LoadedEngineAsync(new ModelLoadSpec { ModelId = "no-controlnet" });

        var result = await engine.GenerateImageAsync(BaseSpec with { ControlImage = NoiseImage(Width, Height, 3) }, null, CancellationToken.None);

        Assert.True(result.Success, result.Error);
        Assert.Contains(_log, l => l.StartsWith("warn: ", StringComparison.Ordinal) && l.Contains("without a ControlNet"));
    }

    [Fact]
    public async Task Control_image_with_a_controlnet_in_the_model_load_or_the_request_logs_no_warning()
    {
        var engine = await LoadedEngineAsync(new ModelLoadSpec { ModelId = "with-controlnet", ControlNetPath = "/models/controlnet/canny.safetensors" });
        await engine.GenerateImageAsync(BaseSpec with { ControlImage = NoiseImage(Width, Height, 3) }, null, CancellationToken.None);
        var other = await LoadedEngineAsync();
        await other.GenerateImageAsync(BaseSpec with { ControlImage = NoiseImage(Width, Height, 3), ControlNetPath = "/models/controlnet/depth.safetensors" }, null, CancellationToken.None);

        Assert.DoesNotContain(_log, l => l.Contains("without a ControlNet"));
    }

    [Fact]
    public async Task Controlnet_named_by_an_earlier_request_stays_swapped_in_like_the_native_engine()
    {
        var engine = await LoadedEngineAsync();
        await engine.GenerateImageAsync(BaseSpec with { ControlNetPath = "/models/controlnet/depth.safetensors" }, null, CancellationToken.None);

        await engine.GenerateImageAsync(BaseSpec with { ControlImage = NoiseImage(Width, Height, 3) }, null, CancellationToken.None);

        Assert.DoesNotContain(_log, l => l.Contains("without a ControlNet"));
    }

    // ---- LoRAs ------------------------------------------------------------------------------------------

    [Fact]
    public async Task Lora_weight_and_name_change_the_picture_and_weight_0_does_not()
    {
        var plain = (await GenerateAsync(BaseSpec)).Images[0].Pixels;
        var full = (await GenerateAsync(WithLora("/models/loras/watercolor.safetensors", 1f))).Images[0].Pixels;
        var half = (await GenerateAsync(WithLora("/models/loras/watercolor.safetensors", 0.5f))).Images[0].Pixels;
        var negative = (await GenerateAsync(WithLora("/models/loras/watercolor.safetensors", -1f))).Images[0].Pixels;
        var other = (await GenerateAsync(WithLora("/models/loras/pixel-art.safetensors", 1f))).Images[0].Pixels;
        var zero = (await GenerateAsync(WithLora("/models/loras/watercolor.safetensors", 0f))).Images[0].Pixels;

        Assert.True(PixelDiff.DifferingFraction(plain, full) > 0.5);
        Assert.True(PixelDiff.DifferingFraction(full, half) > 0.5);
        Assert.True(PixelDiff.DifferingFraction(full, negative) > 0.5);
        Assert.True(PixelDiff.DifferingFraction(full, other) > 0.5);
        Assert.Equal(plain, zero);
    }

    [Fact]
    public async Task Lora_look_depends_on_its_name_not_its_folder()
    {
        var here = (await GenerateAsync(WithLora("/a/loras/watercolor.safetensors", 0.8f))).Images[0].Pixels;
        var there = (await GenerateAsync(WithLora("/srv/b/watercolor.safetensors", 0.8f))).Images[0].Pixels;

        Assert.Equal(here, there);
    }

    [Fact]
    public async Task Two_loras_stack()
    {
        var one = (await GenerateAsync(WithLora("/l/watercolor.safetensors", 1f))).Images[0].Pixels;
        var two = (await GenerateAsync(BaseSpec with
        {
            Loras = [new LoraSpec { Path = "/l/watercolor.safetensors", Multiplier = 1f }, new LoraSpec { Path = "/l/ink.safetensors", Multiplier = 1f }],
        })).Images[0].Pixels;

        Assert.True(PixelDiff.DifferingFraction(one, two) > 0.5);
    }

    [Fact]
    public async Task Lora_without_a_path_fails_cleanly()
    {
        var result = await GenerateAsync(WithLora(" ", 1f));

        Assert.False(result.Success);
        Assert.Contains("LoRA without a path", result.Error);
    }

    // ---- hires fix --------------------------------------------------------------------------------------

    public static TheoryData<HiresFixSpec, int, int> HiresSizes => new()
    {
        { new HiresFixSpec(), 2 * Width, 2 * Height },
        { new HiresFixSpec { Scale = 1.5f }, 96, 72 },
        { new HiresFixSpec { TargetWidth = 100, TargetHeight = 80 }, 100, 80 },
        { new HiresFixSpec { TargetWidth = 90 }, 90, 90 },
        { new HiresFixSpec { TargetHeight = 70, Scale = 3f }, 70, 70 },
        { new HiresFixSpec { Upscaler = "Lanczos", Scale = 1.25f }, 80, 60 },
    };

    [Theory]
    [MemberData(nameof(HiresSizes))]
    public async Task Hires_result_has_the_hires_size(HiresFixSpec hires, int width, int height)
    {
        var result = await GenerateAsync(BaseSpec with { Hires = hires });

        var image = Assert.Single(result.Images);
        Assert.Equal((width, height, 3), (image.Width, image.Height, image.Channels));
        Assert.Equal(width * height * 3, image.Pixels.Length);
    }

    [Fact]
    public async Task Hires_runs_a_second_pass_with_its_own_steps_after_the_first()
    {
        var progress = new ListProgress();

        var result = await GenerateAsync(BaseSpec with { Steps = 6, Hires = new HiresFixSpec { Steps = 4, DenoisingStrength = 0.5f } }, progress);

        // Like make_hires_sigma_schedule: 4 / 0.5 = 8 scheduled steps, t_enc = 8 * 0.5 = 4, and t_enc + 1 = 5 sampled.
        Assert.True(result.Success, result.Error);
        Assert.Equal(
            Enumerable.Range(1, 6).Select(s => (s, 6)).Concat(Enumerable.Range(1, 5).Select(s => (s, 5))),
            progress.Reports.Select(p => (p.Step, p.Steps)));
        Assert.All(progress.Reports, p => Assert.Equal(ProgressPhase.Sampling, p.Phase));
        Assert.All(progress.Reports, p => Assert.True(p.SecondsPerStep > 0));
    }

    [Fact]
    public async Task Hires_without_its_own_steps_resamples_the_first_pass_count_and_batches_follow_the_library_order()
    {
        var progress = new ListProgress();

        var result = await GenerateAsync(BaseSpec with { Steps = 5, BatchCount = 2, Hires = new HiresFixSpec() }, progress);

        Assert.Equal(2, result.Images.Length);
        var hiresSteps = SyntheticPlan.HiresSteps(5, SyntheticPlan.DefaultHiresDenoisingStrength);
        Assert.Equal(5, hiresSteps);
        // First passes of both images, then a hires pass for each.
        Assert.Equal(
            new[] { 0, 1, 0, 1 }.SelectMany(b => Enumerable.Range(1, 5).Select(s => (b, s))),
            progress.Reports.Select(p => (p.BatchIndex, p.Step)));
    }

    [Theory]
    [InlineData(20, 0.7f, 20)]
    [InlineData(4, 0.5f, 5)]
    [InlineData(10, 1f, 10)]
    [InlineData(1, 0.7f, 1)]
    [InlineData(0, 0.7f, 1)]
    public void Hires_step_count_follows_the_library_schedule(int steps, float denoising, int expected)
    {
        Assert.Equal(expected, SyntheticPlan.HiresSteps(steps, denoising));
    }

    [Fact]
    public async Task Hires_image_is_the_upscaled_first_pass_repainted_by_the_denoising_strength()
    {
        var first = (await GenerateAsync(BaseSpec)).Images[0].Pixels;
        var upscaled = SyntheticImages.ResizeNearest(first, Width, Height, 2 * Width, 2 * Height, 3);

        var untouched = (await GenerateAsync(BaseSpec with { Hires = new HiresFixSpec { DenoisingStrength = 0f } })).Images[0].Pixels;
        var repainted = (await GenerateAsync(BaseSpec with { Hires = new HiresFixSpec() })).Images[0].Pixels;

        // Denoising clamps to the library's 0.0001, which rounds to no repaint at all.
        Assert.Equal(upscaled, untouched);
        Assert.True(PixelDiff.DifferingFraction(upscaled, repainted) > 0.25);
    }

    [Fact]
    public async Task Hires_inpainting_keeps_the_upscaled_init_under_black_mask()
    {
        var init = NoiseImage(Width, Height, 3, salt: 12);
        var upscaledInit = SyntheticImages.ResizeNearest(init.Pixels, Width, Height, 2 * Width, 2 * Height, 3);

        var result = (await GenerateAsync(BaseSpec with { InitImage = init, MaskImage = HalfMask(Width, Height, 1), Hires = new HiresFixSpec() })).Images[0].Pixels;

        var changed = 0;
        for (var y = 0; y < 2 * Height; y++)
        {
            for (var x = 0; x < 2 * Width; x++)
            {
                if (x < Width)
                    Assert.Equal(Pixel(upscaledInit, 2 * Width, x, y), Pixel(result, 2 * Width, x, y));
                else if (!Pixel(upscaledInit, 2 * Width, x, y).SequenceEqual(Pixel(result, 2 * Width, x, y)))
                    changed++;
            }
        }
        Assert.True(changed > Width * Height, $"only {changed} white-masked pixels changed");
    }

    [Theory]
    [InlineData("None")]
    [InlineData("model")]
    public async Task Hires_the_library_would_disable_gives_the_first_pass_and_a_warning(string upscaler)
    {
        var plain = await GenerateAsync(BaseSpec);

        var result = await GenerateAsync(BaseSpec with { Hires = new HiresFixSpec { Upscaler = upscaler } });

        Assert.Equal((Width, Height), (result.Images[0].Width, result.Images[0].Height));
        Assert.Equal(plain.Images[0].Pixels, result.Images[0].Pixels);
        Assert.Contains(_log, l => l.StartsWith("warn: ", StringComparison.Ordinal) && l.Contains("hires"));
    }

    [Theory]
    [InlineData("Bicubic-ish", null, "unknown hires upscaler")]
    [InlineData(null, 200f, "hires target size")]
    public async Task Impossible_hires_fails_cleanly(string? upscaler, float? scale, string named)
    {
        var result = await GenerateAsync(BaseSpec with { Hires = new HiresFixSpec { Upscaler = upscaler, Scale = scale } });

        Assert.False(result.Success);
        Assert.Contains(named, result.Error);
    }

    [Fact]
    public async Task Cancelling_during_the_hires_pass_throws_and_reports_no_more_steps()
    {
        var engine = await LoadedEngineAsync();
        using var cancel = new CancellationTokenSource();
        var progress = new ListProgress(onReport: p =>
        {
            if (p.Steps == 50 && p.Step == 2)
                cancel.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.GenerateImageAsync(
            BaseSpec with { Steps = 3, Hires = new HiresFixSpec { Steps = 50, DenoisingStrength = 1f } }, progress, cancel.Token));

        Assert.Equal([1, 2, 3, 1, 2], progress.Reports.Select(p => p.Step));
    }

    // ---- VAE tiling, guidance knobs -----------------------------------------------------------------------

    [Fact]
    public async Task Vae_tiling_reports_decoding_tiles_after_sampling_and_keeps_the_pixels()
    {
        var plain = await GenerateAsync(BaseSpec with { Width = 512, Height = 256 });
        var progress = new ListProgress();

        var tiled = await GenerateAsync(BaseSpec with { Width = 512, Height = 256, VaeTiling = true, VaeTileSize = 16 }, progress);

        Assert.Equal(plain.Images[0].Pixels, tiled.Images[0].Pixels);
        var decoding = progress.Reports.Where(p => p.Phase == ProgressPhase.Decoding).ToList();
        Assert.Equal(Enumerable.Range(1, 8), decoding.Select(p => p.Step));
        Assert.All(decoding, p => Assert.Equal(8, p.Steps));
        Assert.Equal(ProgressPhase.Decoding, progress.Reports[^1].Phase);
    }

    [Fact]
    public async Task Vae_tiling_from_the_model_load_applies_unless_the_request_turns_it_off()
    {
        var engine = await LoadedEngineAsync(new ModelLoadSpec { ModelId = "tiled", VaeTiling = true });
        var byModel = new ListProgress();
        var turnedOff = new ListProgress();

        await engine.GenerateImageAsync(BaseSpec, byModel, CancellationToken.None);
        await engine.GenerateImageAsync(BaseSpec with { VaeTiling = false }, turnedOff, CancellationToken.None);

        Assert.Contains(byModel.Reports, p => p.Phase == ProgressPhase.Decoding);
        Assert.DoesNotContain(turnedOff.Reports, p => p.Phase == ProgressPhase.Decoding);
    }

    public static TheoryData<string, ImageGenerationSpec> GuidanceChanges => new()
    {
        { "img cfg", BaseSpec with { ImgCfgScale = 1.5f } },
        { "distilled guidance", BaseSpec with { DistilledGuidance = 3.5f } },
        { "eta", BaseSpec with { Eta = 0.5f } },
        { "flow shift", BaseSpec with { FlowShift = 3f } },
        { "slg", BaseSpec with { SkipLayerGuidance = new SkipLayerGuidanceSpec { Layers = [7, 8, 9] } } },
        { "slg scale", BaseSpec with { SkipLayerGuidance = new SkipLayerGuidanceSpec { Scale = 2.5f } } },
    };

    [Theory]
    [MemberData(nameof(GuidanceChanges))]
    public async Task Setting_a_guidance_knob_changes_the_picture(string knob, ImageGenerationSpec changed)
    {
        var plain = (await GenerateAsync(BaseSpec)).Images[0].Pixels;

        var result = (await GenerateAsync(changed)).Images[0].Pixels;

        Assert.True(PixelDiff.DifferingFraction(plain, result) > 0.25, $"{knob} did not change the picture");
    }

    // ---- validation, determinism, faults ------------------------------------------------------------------

    public static TheoryData<string, ImageGenerationSpec, string> BadImages => new()
    {
        { "short init", BaseSpec with { InitImage = NoiseImage(Width, Height, 3) with { Pixels = new byte[Width * Height * 3 - 1] } }, "init image" },
        { "long mask", BaseSpec with { InitImage = NoiseImage(Width, Height, 3), MaskImage = NoiseImage(Width, Height, 1) with { Pixels = new byte[Width * Height + 5] } }, "mask image" },
        { "control for another size", BaseSpec with { ControlImage = NoiseImage(Width, Height, 3) with { Width = Width + 1 } }, "control image" },
        { "two channels", BaseSpec with { InitImage = new RawImage { Width = 2, Height = 2, Channels = 2, Pixels = new byte[8] } }, "init image has 2 channels" },
        { "no size", BaseSpec with { ControlImage = new RawImage { Width = 0, Height = 2, Channels = 1, Pixels = [] } }, "control image has no size" },
        { "NaN strength", BaseSpec with { InitImage = NoiseImage(Width, Height, 3), Strength = float.NaN }, "strength" },
    };

    [Theory]
    [MemberData(nameof(BadImages))]
    public async Task Bad_input_image_fails_cleanly_naming_it(string what, ImageGenerationSpec spec, string named)
    {
        var progress = new ListProgress();

        var result = await GenerateAsync(spec, progress);

        Assert.False(result.Success, what);
        Assert.Empty(result.Images);
        Assert.Contains(named, result.Error);
        Assert.Empty(progress.Reports);
    }

    [Fact]
    public async Task Everything_at_once_twice_gives_identical_bytes()
    {
        var spec = BaseSpec with
        {
            BatchCount = 2,
            InitImage = NoiseImage(32, 32, 4, salt: 13),
            Strength = 0.6f,
            MaskImage = NoiseImage(16, 16, 3, salt: 14),
            ControlImage = NoiseImage(Width, Height, 1, salt: 15),
            ControlStrength = 0.7f,
            Loras = [new LoraSpec { Path = "/l/a.safetensors", Multiplier = 0.7f }, new LoraSpec { Path = "/l/b.gguf", Multiplier = -0.3f }],
            Hires = new HiresFixSpec { Scale = 1.5f, Steps = 2 },
            Eta = 0.3f,
        };

        var first = await GenerateAsync(spec);
        var second = await (await LoadedEngineAsync()).GenerateImageAsync(spec, null, CancellationToken.None);

        Assert.True(first.Success, first.Error);
        Assert.Equal(2, first.Images.Length);
        Assert.Equal(first.Images.Select(i => i.Pixels), second.Images.Select(i => i.Pixels));
        Assert.NotEqual(first.Images[0].Pixels, first.Images[1].Pixels);
    }

    [Fact]
    public async Task Fault_fires_within_the_img2img_steps()
    {
        var engine = await LoadedEngineAsync(allowFaults: true);
        var progress = new ListProgress();

        var result = await engine.GenerateImageAsync(
            BaseSpec with { Steps = 20, InitImage = NoiseImage(Width, Height, 3), Strength = 0.2f, Fault = new FaultSpec { Kind = InjectedFault.Fail, Step = 15 } },
            progress,
            CancellationToken.None);

        // 20 steps at strength 0.2 sample 5: the fault asked for step 15 fires at the last of them.
        Assert.False(result.Success);
        Assert.Contains("injected fault 'fail'", result.Error);
        Assert.Equal([1, 2, 3, 4], progress.Reports.Select(p => p.Step));
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static ImageGenerationSpec WithLora(string path, float multiplier) =>
        BaseSpec with { Loras = [new LoraSpec { Path = path, Multiplier = multiplier }] };

    /// <summary>Deterministic pseudo-random pixels, unlike anything the painter draws.</summary>
    private static RawImage NoiseImage(int width, int height, int channels, ulong salt = 0)
    {
        var rng = new SplitMix64(0xC0FFEE + salt);
        var pixels = new byte[width * height * channels];
        for (var i = 0; i < pixels.Length; i++)
            pixels[i] = rng.NextByte();
        return new RawImage { Width = width, Height = height, Channels = channels, Pixels = pixels };
    }

    /// <summary>Left half black (keep), right half white (repaint), in the given channel count (alpha opaque).</summary>
    private static RawImage HalfMask(int width, int height, int channels)
    {
        var pixels = new byte[width * height * channels];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = (y * width + x) * channels;
                for (var c = 0; c < channels; c++)
                    pixels[p + c] = c == 3 || x >= width / 2 ? (byte)255 : (byte)0;
            }
        }
        return new RawImage { Width = width, Height = height, Channels = channels, Pixels = pixels };
    }

    private static byte[] Pixel(byte[] rgb, int width, int x, int y) => rgb.AsSpan((y * width + x) * 3, 3).ToArray();

    private async Task<GenerationResult> GenerateAsync(ImageGenerationSpec spec, IProgress<GenerationProgress>? progress = null)
    {
        var engine = await LoadedEngineAsync();
        return await engine.GenerateImageAsync(spec, progress, CancellationToken.None);
    }

    private async Task<SyntheticEngine> LoadedEngineAsync(ModelLoadSpec? model = null, bool allowFaults = false)
    {
        var log = new WorkerLog(line =>
        {
            lock (_log) _log.Add(line);
        });
        var engine = new SyntheticEngine(
            new SyntheticEngineOptions { StepTime = TimeSpan.FromMilliseconds(1), LoadTime = TimeSpan.Zero },
            new FaultInjector(allowFaults, log),
            log);
        var loaded = await engine.LoadModelAsync(model ?? new ModelLoadSpec { ModelId = "test-model" }, null, CancellationToken.None);
        Assert.True(loaded.Success, loaded.Error);
        return engine;
    }
}
