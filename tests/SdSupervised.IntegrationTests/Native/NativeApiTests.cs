using SdSupervised.IntegrationTests.Api.Events;
using SdSupervised.IntegrationTests.Api.Generate;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Native;

/// <summary>
/// The API families end to end on the real library: a supervisor with one CPU worker, the tiny random-weight model
/// and ESRGAN model in its catalog, every generation mode, the A1111 and OpenAI calls, and live previews.
/// </summary>
[Collection(NativeWorkerCollection.Name)]
public sealed class NativeApiTests(TinyModelsFixture models, ITestOutputHelper output)
{
    private async Task<SupervisorProcess> StartAsync()
    {
        var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions
        {
            Engine = "native",
            WorkerSpec = "cpu",
            AllowFaultInjection = false,
            StartupDeadline = TimeSpan.FromSeconds(120),
            ExtraArgs = ["--native-library", NativeLibraryFactAttribute.LibraryPath!, "--default-model", "sdxs-tiny"],
        }.WithEnv("SDS__Previews__Enabled", "true").WithEnv("SDS__Previews__EverySteps", 1));
        var modelsDir = Path.Combine(sup.DataDir, "models");
        Directory.CreateDirectory(Path.Combine(modelsDir, "checkpoints"));
        Directory.CreateDirectory(Path.Combine(modelsDir, "esrgan"));
        File.Copy(models.Model, Path.Combine(modelsDir, "checkpoints", "sdxs-tiny.gguf"));
        File.Copy(models.Esrgan, Path.Combine(modelsDir, "esrgan", "esrgan-x4-tiny.gguf"));
        var refresh = await sup.Api.PostAsync("/api/models/refresh", new { wait = true });
        sup.Expect(refresh.Code == 200 && refresh.Json.Int("models") == 2, $"the catalog should list the two tiny models\n{refresh}");
        return sup;
    }

    [NativeLibraryFact]
    public async Task Every_generation_mode_runs_on_the_real_library_through_the_api()
    {
        await using var sup = await StartAsync();
        var init = TestImages.Base64(TestImages.Gradient(64, 64));
        var mask = TestImages.Base64(TestImages.HalfMask(64, 64));

        foreach (var (what, body, size) in new (string, object, int)[]
        {
            ("text2img", new { prompt = "a cat", width = 64, height = 64, steps = 2, seed = 1 }, 64),
            ("img2img", new { prompt = "a cat", width = 64, height = 64, steps = 2, seed = 1, init_image = init, strength = 0.5 }, 64),
            ("inpainting", new { prompt = "a cat", width = 64, height = 64, steps = 2, seed = 1, init_image = init, mask_image = mask }, 64),
            ("hires", new { prompt = "a cat", width = 64, height = 64, steps = 2, seed = 1, hires = new { scale = 2.0, steps = 2, upscaler = "Latent" } }, 128),
            ("hires with ESRGAN", new { prompt = "a cat", width = 64, height = 64, steps = 2, seed = 1, hires = new { scale = 2.0, steps = 2, upscaler = "esrgan-x4-tiny" } }, 128),
        })
        {
            var done = await sup.Api.PostAsync("/api/v1/generate", body);
            var data = done.Json.Arr("images")?.FirstOrDefault().Str("data");
            sup.Expect(done.Code == 200 && data is not null, $"{what} should complete on the real library\n{done}");
            var image = TestImages.Decode(Convert.FromBase64String(data!));
            sup.Expect(image.Width == size && image.Height == size, $"{what} should give {size}x{size}, got {image.Width}x{image.Height}");
        }

        var upscale = await sup.Api.PostAsync("/api/generate/upscale", new { image = init });
        var upscaled = await sup.Api.WaitForCompletedAsync(upscale.Json.Str("job_id")!, Timeouts.Job);
        sup.Expect(upscaled.Outputs[0].Width == 256, "the only ESRGAN model in the catalog (x4) should upscale 64 to 256", upscaled);
    }

    [NativeLibraryFact]
    public async Task A1111_and_OpenAI_calls_and_previews_work_on_the_real_library()
    {
        await using var sup = await StartAsync();

        var a1111 = await sup.Api.PostRawAsync("/sdapi/v1/txt2img", """{"prompt": "a cat", "steps": 2, "width": 64, "height": 64, "sampler_name": "Euler a", "seed": 3, "styles": []}""");
        sup.Expect(a1111.Code == 200 && a1111.Json.Arr("images")?.Count == 1, $"A1111 txt2img should answer one image\n{a1111}");

        var openai = await sup.Api.PostAsync("/v1/images/generations", new { prompt = "a cat", size = "64x64", n = 1, steps = 2, response_format = "b64_json" });
        sup.Expect(openai.Code == 200 && openai.Json.Arr("data")?.FirstOrDefault().Str("b64_json") is { Length: > 0 }, $"OpenAI generation should answer b64_json\n{openai}");

        // Read back from the job's event history, not by polling: on a fast GPU the job can end between two polls.
        var id = await sup.Api.SubmitAsync(new Text2ImgRequest { Prompt = "a cat", Width = 128, Height = 128, Steps = 4 });
        await sup.Api.WaitForCompletedAsync(id, Timeouts.Job);
        await using var stream = await SseStream.OpenAsync(sup, $"/api/queue/job/{id}/events", lastEventId: 0);
        var previews = (await stream.ReadToEndAsync()).Where(e => e.Event == "preview").Select(e => e.Data.Obj("progress").Str("preview")).ToList();
        sup.Expect(previews.Count > 0 && previews.All(p => TestImages.Decode(Convert.FromBase64String(p!)).Width is > 0 and <= 128),
            $"the library's latent-projection previews should arrive as preview events ({previews.Count} seen)");
    }
}
