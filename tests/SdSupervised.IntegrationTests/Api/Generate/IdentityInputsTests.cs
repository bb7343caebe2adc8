using SdSupervised.IntegrationTests.Infrastructure;
using SkiaSharp;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Api.Generate;

/// <summary>
/// ref_images, PhotoMaker and the canny preprocessor over real HTTP with a synthetic worker: the inputs reach the worker
/// (the pixels change with them), models that cannot use them answer 422, and stored inputs survive a worker crash.
/// </summary>
public sealed class IdentityInputsTests(IdentityInputsSupervisor fixture, ITestOutputHelper output) : IClassFixture<IdentityInputsSupervisor>
{
    private SupervisorProcess Sup => fixture.Supervisor;

    private static string Solid(byte r, byte g, byte b, int size = 32) => TestImages.Base64(TestImages.Png(size, size, (_, _) => new SKColor(r, g, b)));

    private async Task<(JobSnapshot Job, SKBitmap Image)> RunAsync(SupervisorProcess sup, string route, object body)
    {
        var submit = await sup.Api.PostAsync(route, body);
        sup.Expect(submit.Code == 202 && submit.Json.Str("job_id") is not null, $"{route} should queue a job (202 with job_id)\n{submit}");
        var job = await sup.Api.WaitForCompletedAsync(submit.Json.Str("job_id")!, Timeouts.Job);
        var download = await sup.Api.DownloadAsync(job.Outputs[0].Url!);
        sup.Expect(download.Code == 200, $"the output should download\n{download}", job);
        return (job, TestImages.Decode(download.Body));
    }

    [Fact]
    public async Task Reference_images_reach_the_worker_for_kontext_and_img2img_stays_img2img()
    {
        var body = new { prompt = "make it red", model = IdentityInputsSupervisor.Kontext, width = 64, height = 64, steps = 3, seed = 11 };
        var (_, plain) = await RunAsync(Sup, "/api/generate/text2img", body);
        var (job, red) = await RunAsync(Sup, "/api/generate/text2img", new { body.prompt, body.model, body.width, body.height, body.steps, body.seed, ref_images = new[] { Solid(240, 0, 0) } });
        var (_, blue) = await RunAsync(Sup, "/api/generate/text2img", new { body.prompt, body.model, body.width, body.height, body.steps, body.seed, ref_images = new[] { Solid(0, 0, 240), Solid(0, 0, 200, 16) } });

        var refs = job.Params.Arr("ref_images");
        Sup.Expect(refs is { Count: 1 } && refs[0]!.GetValue<string>() == "ref-0.png" && File.Exists(Path.Combine(Sup.DataDir, "inputs", job.Id!, "ref-0.png")),
            "the job should store its reference image as an input file", job);
        Sup.Expect(Differences(plain, red) > 64 * 64 / 2 && Differences(red, blue) > 64 * 64 / 2, "each reference image should change the picture", job);
        Sup.Expect(red.GetPixel(5, 5).Red > plain.GetPixel(5, 5).Red, "a red reference should redden the picture", job);

        var init = TestImages.Gradient(64, 64);
        var (edit, kept) = await RunAsync(Sup, "/api/generate/img2img", new { prompt = "x", model = IdentityInputsSupervisor.Kontext, width = 64, height = 64, steps = 2, strength = 0.0, init_image = TestImages.Base64(init) });
        using var original = TestImages.Decode(init);
        Sup.Expect(edit.Type == "img2img" && edit.Params.Arr("ref_images") is { Count: 0 } && Differences(original, kept) == 0,
            "img2img on Kontext should stay plain img2img (its init image is no reference image)", edit);
    }

    [Fact]
    public async Task Reference_images_are_refused_for_other_models_and_beyond_the_limits()
    {
        var wrongModel = await Sup.Api.PostAsync("/api/generate/text2img", new { prompt = "x", model = IdentityInputsSupervisor.Sd15, width = 64, height = 64, ref_images = new[] { Solid(1, 2, 3) } });
        ErrorBody.Assert4xx(wrongModel, Sup.Context(), 422);
        ErrorBody.AssertNamesField(wrongModel, "ref_images", Sup.Context());
        Sup.Expect(wrongModel.Json.Str("message")!.Contains("checkpoints--sd15.safetensors", StringComparison.Ordinal)
                   && wrongModel.Json.Str("message")!.Contains("Flux.1 Kontext dev, Qwen Image Edit", StringComparison.Ordinal),
            $"the 422 should name the model and the models that can\n{wrongModel}");

        var sync = await Sup.Api.PostAsync("/api/v1/generate", new { prompt = "x", model = IdentityInputsSupervisor.Sd15, width = 64, height = 64, ref_images = new[] { Solid(1, 2, 3) } });
        ErrorBody.Assert4xx(sync, Sup.Context(), 422);
        ErrorBody.AssertNamesField(sync, "ref_images", Sup.Context());

        var tooMany = await Sup.Api.PostAsync("/api/generate/text2img", new { prompt = "x", model = IdentityInputsSupervisor.Kontext, ref_images = Enumerable.Repeat(Solid(1, 2, 3, 8), 5).ToArray() });
        ErrorBody.Assert4xx(tooMany, Sup.Context(), 400);
        ErrorBody.AssertNamesField(tooMany, "ref_images", Sup.Context());

        var unreadable = await Sup.Api.PostAsync("/api/generate/text2img", new { prompt = "x", model = IdentityInputsSupervisor.Kontext, ref_images = new[] { Solid(1, 2, 3), "not base64 !!" } });
        ErrorBody.Assert4xx(unreadable, Sup.Context(), 400);
        Sup.Expect(unreadable.Text.Contains("ref_images[1]", StringComparison.Ordinal), $"an unreadable reference image should be named by its index\n{unreadable}");
    }

    [Fact]
    public async Task PhotoMaker_on_sdxl_changes_the_picture_and_is_refused_elsewhere()
    {
        var body = new { prompt = "a portrait of a man img", model = IdentityInputsSupervisor.Sdxl, width = 64, height = 64, steps = 3, seed = 3 };
        var (_, plain) = await RunAsync(Sup, "/api/generate/text2img", body);
        var (job, pm) = await RunAsync(Sup, "/api/generate/text2img", new
        {
            body.prompt, body.model, body.width, body.height, body.steps, body.seed,
            photomaker = IdentityInputsSupervisor.PhotoMaker, pm_id_images = new[] { Solid(255, 220, 0), Solid(255, 200, 0) }, pm_style_strength = 10,
            pm_id_embed_path = IdentityInputsSupervisor.IdEmbeds,
        });

        Sup.Expect(job.Params.Str("photomaker") == "photomaker--photomaker-v1.safetensors" && job.Params.Arr("pm_id_images") is { Count: 2 },
            "the job should store the PhotoMaker id and both ID images", job);
        Sup.Expect(plain.GetPixel(1, 1) == pm.GetPixel(1, 1) && plain.GetPixel(32, 32) != pm.GetPixel(32, 32),
            "the ID images should change the centre of the picture (and not its corner)", job);

        var onSd15 = await Sup.Api.PostAsync("/api/generate/text2img", new { prompt = "a man img", model = IdentityInputsSupervisor.Sd15, photomaker = IdentityInputsSupervisor.PhotoMaker, pm_id_images = new[] { Solid(1, 2, 3) } });
        ErrorBody.Assert4xx(onSd15, Sup.Context(), 422);
        ErrorBody.AssertNamesField(onSd15, "photomaker", Sup.Context());

        var notPhotoMaker = await Sup.Api.PostAsync("/api/generate/text2img", new { prompt = "a man img", model = IdentityInputsSupervisor.Sdxl, photomaker = "control_v11p_sd15_canny", pm_id_images = new[] { Solid(1, 2, 3) } });
        ErrorBody.Assert4xx(notPhotoMaker, Sup.Context(), 400);
        ErrorBody.AssertNamesField(notPhotoMaker, "photomaker", Sup.Context());

        var noImages = await Sup.Api.PostAsync("/api/generate/text2img", new { prompt = "a man", model = IdentityInputsSupervisor.Sdxl, photomaker = IdentityInputsSupervisor.PhotoMaker });
        ErrorBody.Assert4xx(noImages, Sup.Context(), 400);
        foreach (var field in new[] { "pm_id_images", "prompt" })
            ErrorBody.AssertNamesField(noImages, field, Sup.Context());

        foreach (var path in new[] { "../../etc/passwd", "/etc/passwd", "photomaker/missing.bin" })
        {
            var badPath = await Sup.Api.PostAsync("/api/generate/text2img", new { prompt = "a man img", model = IdentityInputsSupervisor.Sdxl, photomaker = IdentityInputsSupervisor.PhotoMaker, pm_id_images = new[] { Solid(1, 2, 3) }, pm_id_embed_path = path });
            ErrorBody.Assert4xx(badPath, Sup.Context(), 400);
            ErrorBody.AssertNamesField(badPath, "pm_id_embed_path", Sup.Context());
        }
    }

    [Fact]
    public async Task Canny_picks_the_canny_controlnet_and_preprocesses_the_control_image()
    {
        var photo = TestImages.Base64(TestImages.Gradient(64, 64));
        var body = new { prompt = "a house", width = 64, height = 64, steps = 3, seed = 9, control_image = photo, control_net_model = "canny" };
        var (asGiven, given) = await RunAsync(Sup, "/api/generate/controlnet", body);
        var (job, edges) = await RunAsync(Sup, "/api/generate/controlnet", new { body.prompt, body.width, body.height, body.steps, body.seed, body.control_image, body.control_net_model, control_preprocess = "canny" });
        var (_, tuned) = await RunAsync(Sup, "/api/generate/controlnet", new
        {
            body.prompt, body.width, body.height, body.steps, body.seed, body.control_image, body.control_net_model, control_preprocess = "canny",
            canny = new { high_threshold = 0.5, low_threshold = 0.2, inverse = true },
        });

        Sup.Expect(asGiven.Params.Str("control_net") == IdentityInputsSupervisor.CannyControlNet, "\"canny\" should pick the ControlNet with canny in its file name", asGiven);
        Sup.Expect(job.Params.Str("control_preprocess") == "canny", "the job should store its preprocessor", job);
        Sup.Expect(Differences(given, edges) > 64 * 64 / 4 && Differences(edges, tuned) > 0, "canny and its thresholds should change the ControlNet's result", job);

        var ambiguous = await Sup.Api.PostAsync("/api/generate/controlnet", new { prompt = "x", control_image = photo, control_net_model = "v11" });
        ErrorBody.Assert4xx(ambiguous, Sup.Context(), 400);
        Sup.Expect(ambiguous.Text.Contains("depth", StringComparison.Ordinal) && ambiguous.Text.Contains("canny", StringComparison.Ordinal), $"a word in several ControlNets' names should list them\n{ambiguous}");
        var unknownPreprocessor = await Sup.Api.PostAsync("/api/generate/controlnet", new { prompt = "x", control_image = photo, control_net_model = "canny", control_preprocess = "openpose" });
        ErrorBody.Assert4xx(unknownPreprocessor, Sup.Context(), 400);
        ErrorBody.AssertNamesField(unknownPreprocessor, "control_preprocess", Sup.Context());
    }

    [Fact]
    public async Task Reference_images_survive_a_worker_crash_and_the_retry_paints_the_same_picture()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 5 });
        IdentityInputsSupervisor.WriteModels(Path.Combine(sup.DataDir, "models"));
        sup.Expect((await sup.Api.PostAsync("/api/models/refresh", new { wait = true })).Code == 200, "refresh should scan the model files");
        var refs = new[] { Solid(0, 200, 40) };

        var (clean, expected) = await RunAsync(sup, "/api/generate/text2img", new { prompt = "green", model = IdentityInputsSupervisor.Kontext, width = 64, height = 64, steps = 3, seed = 21, ref_images = refs });
        var (crashed, retried) = await RunAsync(sup, "/api/generate/text2img", new
        {
            prompt = "green", model = IdentityInputsSupervisor.Kontext, width = 64, height = 64, steps = 3, seed = 21, ref_images = refs,
            fault = "segv", fault_attempts = 1, fault_step = 2,
        });

        sup.Expect(crashed.Attempts == 2 && crashed.Failures.Count >= 1, "the first attempt should have crashed the worker and the second completed", crashed);
        sup.Expect(Differences(expected, retried) == 0, "the retry should read the stored reference image again and paint the same picture", crashed);
        sup.Expect(clean.Attempts == 1, "the clean job should need one attempt", clean);
    }

    private static int Differences(SKBitmap a, SKBitmap b)
    {
        if (a.Width != b.Width || a.Height != b.Height)
            return int.MaxValue;
        var count = 0;
        for (var y = 0; y < a.Height; y++)
            for (var x = 0; x < a.Width; x++)
                if (a.GetPixel(x, y) != b.GetPixel(x, y))
                    count++;
        return count;
    }
}
