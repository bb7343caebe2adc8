using System.Text;
using SdSupervised.IntegrationTests.Api.Generate;
using SdSupervised.IntegrationTests.Api.Http;
using SdSupervised.IntegrationTests.Infrastructure;
using SdSupervised.IntegrationTests.Models;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Storage;

/// <summary>
/// A full disk, for real: the data dir on a small tmpfs that the test fills. Every submit path answers 507
/// <c>storage_full</c> with Retry-After, health and status say degraded and why, and freeing space brings it all back.
/// </summary>
public sealed class StorageFullTests(ITestOutputHelper output)
{
    private const long MiB = 1024 * 1024;

    [TmpfsFact]
    public async Task Full_disk_answers_507_storage_full_with_retry_after_on_every_submit_path_and_degraded_health_until_space_is_freed()
    {
        using var disk = TmpfsMount.Create(64 * MiB);
        var options = new SupervisorOptions { Workers = 1, StepMs = 5, DataDir = Path.Combine(disk.Path, "data") }
            .WithEnv("SDS__Storage__MinFreeBytes", 8 * MiB);
        await using var sup = await SupervisorProcess.StartAsync(output, options);
        HeaderOnlyModels.Write(Path.Combine(sup.DataDir, "models", "checkpoints", "alpha.safetensors"), HeaderOnlyModels.Sd15());
        var refresh = await sup.Api.PostAsync("/api/models/refresh", new { wait = true });
        sup.Expect(refresh.Code == 200, $"refresh failed\n{refresh}");
        await sup.Api.WaitForCompletedAsync(await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2 }), Timeouts.Job);

        disk.Fill();
        output.WriteLine($"tmpfs filled: {disk.FreeBytes} bytes free");
        var health = await sup.Api.PollAsync(() => sup.Api.GetAsync("/api/health"), h => h.Json.Str("status") == "degraded", Timeouts.Soon, "/api/health to say degraded");
        sup.Expect(health.Code == 200 && health.Json.Str("reason")?.Contains("storage is full") == true && health.Json.Str("reason")!.Contains("MinFreeBytes"),
            $"/api/health should stay 200 and say why it is degraded\n{health}");
        var status = await sup.Api.GetStatusAsync();
        var storage = status.Node.Obj("storage");
        sup.Expect(status.Status == "degraded" && status.Node.Str("reason")?.Contains("storage is full") == true
            && storage.Long("free_bytes") < 8 * MiB && storage.Long("min_free_bytes") == 8 * MiB && storage.Str("degraded_reason") is { Length: > 0 },
            $"/api/status should say degraded with the storage reason and free bytes\n{status}");

        var image = TestImages.Base64(TestImages.Gradient(64, 64));
        var submits = new (string Path, object Body)[]
        {
            ("/api/generate/text2img", new { prompt = "full", width = 64, height = 64, steps = 2 }),
            ("/api/generate/img2img", new { prompt = "full", width = 64, height = 64, steps = 2, init_image = image }),
            ("/api/generate/upscale", new { image, upscale_factor = 2 }),
            ("/api/v1/generate", new { prompt = "full", width = 64, height = 64, steps = 2 }),
            ("/sdapi/v1/txt2img", new { prompt = "full", width = 64, height = 64, steps = 2 }),
            ("/v1/images/generations", new { prompt = "full", size = "64x64", steps = 2 }),
            ("/api/models/convert", new { model_id = "alpha", output_type = "q8_0" }),
        };
        foreach (var (path, body) in submits)
        {
            var answer = await PostAsync(sup, path, body);
            var code = path.StartsWith("/v1/", StringComparison.Ordinal) ? answer.Json.Obj("error").Str("code") : answer.Json.Str("error");
            sup.Expect(answer.Status == 507 && code == "storage_full" && int.TryParse(answer.Header("Retry-After"), out var retry) && retry >= 1,
                $"{path} on a full disk should be 507 storage_full with Retry-After\n{answer}");
            if (path.StartsWith("/v1/", StringComparison.Ordinal))
                sup.Expect(answer.Json.Obj("error").Str("type") == "server_error" && answer.Json.Obj("error").Str("message") is { Length: > 0 },
                    $"the OpenAI route should answer in OpenAI's error shape\n{answer}");
        }
        var queue = await sup.Api.QueueStatusAsync();
        sup.Expect(queue.Json.Int("queued") == 0 && queue.Json.Int("running") == 0, $"no refused submit may be queued\n{queue}");

        disk.Free();
        await sup.Api.PollAsync(() => sup.Api.GetAsync("/api/health"), h => h.Json.Str("status") == "ok", Timeouts.Soon, "/api/health to say ok once space is freed");
        var after = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2, Seed = 5 });
        var done = await sup.Api.WaitForCompletedAsync(after, Timeouts.Job);
        sup.Expect(done.Outputs.Count == 1, "a submit after space was freed should complete with its image", done);
    }

    [TmpfsFact]
    public async Task A_write_that_hits_a_full_disk_is_507_storage_full_and_leaves_health_degraded_with_the_reason()
    {
        using var disk = TmpfsMount.Create(64 * MiB);
        // MinFreeBytes 0: the guard lets the submit through, so the input image's write itself meets ENOSPC.
        var options = new SupervisorOptions { Workers = 1, StepMs = 5, DataDir = Path.Combine(disk.Path, "data") }
            .WithEnv("SDS__Storage__MinFreeBytes", 0);
        await using var sup = await SupervisorProcess.StartAsync(output, options);
        File.WriteAllBytes(Path.Combine(disk.Path, "reserve"), new byte[256 * 1024]);
        disk.Fill();
        File.Delete(Path.Combine(disk.Path, "reserve"));
        output.WriteLine($"tmpfs filled but {disk.FreeBytes} bytes");

        // Random pixels do not compress: about 768 KiB of PNG against 256 KiB free.
        var noise = new Random(3);
        var init = TestImages.Base64(TestImages.Png(512, 512, (_, _) => new SkiaSharp.SKColor((byte)noise.Next(256), (byte)noise.Next(256), (byte)noise.Next(256))));
        var answer = await PostAsync(sup, "/api/generate/img2img", new { prompt = "too big", width = 512, height = 512, steps = 1, init_image = init });
        sup.Expect(answer.Status == 507 && answer.Json.Str("error") == "storage_full" && answer.Header("Retry-After") is not null,
            $"a submit whose input cannot be written should be 507 storage_full with Retry-After, not 500\n{answer}");
        sup.Expect(sup.Log.Contains("Storage full on POST /api/generate/img2img"), "the log should say what filled up, in one line");

        var health = await sup.Api.GetAsync("/api/health");
        sup.Expect(health.Code == 200 && health.Json.Str("status") == "degraded" && health.Json.Str("reason")?.Contains("a write failed for lack of space") == true,
            $"after a failed write health should be degraded with the reason\n{health}");
        var queue = await sup.Api.QueueStatusAsync();
        sup.Expect(queue.Json.Int("queued") == 0, $"the refused job may not be queued\n{queue}");
        var inputs = Path.Combine(sup.DataDir, "inputs");
        sup.Expect(!Directory.EnumerateFileSystemEntries(inputs).Any(),
            $"the half-written input may not stay behind: {string.Join(", ", Directory.EnumerateFileSystemEntries(inputs, "*", SearchOption.AllDirectories))}");
    }

    [Fact]
    public async Task Min_free_bytes_above_the_free_space_refuses_submits_before_anything_is_written()
    {
        var options = new SupervisorOptions { Workers = 1, StepMs = 5 }.WithEnv("SDS__Storage__MinFreeBytes", long.MaxValue / 2);
        await using var sup = await SupervisorProcess.StartAsync(output, options);
        var inputs = Path.Combine(sup.DataDir, "inputs");

        var answer = await PostAsync(sup, "/api/generate/img2img",
            new { prompt = "never stored", width = 64, height = 64, steps = 2, init_image = TestImages.Base64(TestImages.Gradient(64, 64)) });
        sup.Expect(answer.Status == 507 && answer.Json.Str("error") == "storage_full" && answer.Json.Str("message")!.Contains("Sds:Storage:MinFreeBytes")
            && answer.Header("Retry-After") is not null, $"a submit under MinFreeBytes should be 507 storage_full naming the setting\n{answer}");
        sup.Expect(!Directory.Exists(inputs) || !Directory.EnumerateFileSystemEntries(inputs).Any(),
            $"nothing may be written for a refused submit, but {inputs} holds {string.Join(", ", Directory.EnumerateFileSystemEntries(inputs))}");
        var queue = await sup.Api.QueueStatusAsync();
        sup.Expect(queue.Json.Int("queued") == 0 && queue.Json.Int("running") == 0, $"the refused submit may not be queued\n{queue}");
        var invalid = await PostAsync(sup, "/api/generate/text2img", new { prompt = "", width = 64, height = 64 });
        sup.Expect(invalid.Status == 400, $"a bad request is still a 400 first, whatever the disk\n{invalid}");
        var validate = await PostAsync(sup, "/api/validate", new { prompt = "just checking", width = 64, height = 64 });
        sup.Expect(validate.Status == 200, $"validation writes nothing and is not refused\n{validate}");
    }

    private static Task<HttpExchange> PostAsync(SupervisorProcess sup, string path, object body) =>
        HttpProbe.SendAsync(sup.BaseAddress, HttpMethod.Post, path, content: new StringContent(Json.Serialize(body), Encoding.UTF8, "application/json"));
}
