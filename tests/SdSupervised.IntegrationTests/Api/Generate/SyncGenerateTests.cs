using Xunit.Abstractions;
using System.Net;
using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Api.Generate;

/// <summary><c>/api/v1/generate</c> (wait for the images) and the queue limit (429 with Retry-After), over real HTTP.</summary>
public sealed class SyncGenerateTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Generate_waits_and_answers_the_images_inline()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 5 });

        var done = await sup.Api.PostAsync("/api/v1/generate", new { prompt = "a fox", width = 64, height = 64, steps = 3, batch_count = 2, seed = 11 });
        var images = done.Json.Arr("images");
        sup.Expect(done.Code == 200 && done.Json.Str("status") == "completed" && images?.Count == 2 && done.Json.Double("generation_time") > 0,
            $"a finished generation should answer 200 with both images\n{done}");
        var first = TestImages.Decode(Convert.FromBase64String(images![0].Str("data")!));
        sup.Expect(first.Width == 64 && images[0].Long("seed") == 11 && images[0].Str("infotext")!.Contains("Seed: 11", StringComparison.Ordinal),
            $"each image should decode and carry its seed and infotext\n{done}");
        var parameters = images[0].Obj("parameters");
        sup.Expect(parameters.Str("prompt") == "a fox" && parameters.Str("negative_prompt") == "" && parameters.Long("width") == 64
            && parameters.Long("height") == 64 && parameters.Long("steps") == 3 && parameters.Double("cfg_scale") == 7 && parameters.Long("seed") == 11
            && parameters.Long("batch_size") == 2 && parameters.Has("model") && images[1].Obj("parameters").Long("seed") == 12,
            $"parameters should be the seed's object, with each image's own seed\n{done}");

        var again = await sup.Api.GetAsync($"/api/v1/generate/{done.Json.Str("job_id")}");
        sup.Expect(again.Code == 200 && again.Json.Arr("images")?.Count == 2, $"GET should answer the same finished job\n{again}");
        var unknown = await sup.Api.GetAsync("/api/v1/generate/0123456789abcdef0123456789abcdef");
        ErrorBody.Assert4xx(unknown, sup.Context(), 404);
    }

    [Fact]
    public async Task Generate_honours_the_seeds_batch_size()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 5 });
        var done = await sup.Api.PostAsync("/api/v1/generate", new { prompt = "three foxes", width = 64, height = 64, steps = 2, batch_size = 3, seed = 5 });
        sup.Expect(done.Code == 200 && done.Json.Arr("images")?.Count == 3 && done.Json.Arr("images")![0].Obj("parameters").Long("batch_size") == 3,
            $"batch_size 3 should answer three images\n{done}");
    }

    [Fact]
    public async Task A_job_longer_than_the_wait_answers_202_and_is_fetched_later()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 200 });

        var pending = await sup.Api.PostAsync("/api/v1/generate", new { prompt = "slow", width = 64, height = 64, steps = 15, timeout = 1 });
        sup.Expect(pending.Code == 202 && pending.Json.Str("status") is "queued" or "running" && pending.Json.Arr("images")?.Count == 0,
            $"a job still running when the wait ends should answer 202 with its status\n{pending}");
        var id = pending.Json.Str("job_id")!;
        await sup.Api.WaitForCompletedAsync(id, Timeouts.Job);
        var later = await sup.Api.GetAsync($"/api/v1/generate/{id}");
        sup.Expect(later.Code == 200 && later.Json.Arr("images")?.Count == 1, $"once done, GET should answer the image\n{later}");

        var badTimeout = await sup.Api.PostAsync("/api/v1/generate", new { prompt = "x", timeout = 0 });
        ErrorBody.Assert4xx(badTimeout, sup.Context(), 400);
        ErrorBody.AssertNamesField(badTimeout, "timeout", sup.Context());
    }

    [Fact]
    public async Task A_full_queue_answers_429_with_retry_after_and_loses_nothing_already_queued()
    {
        await using var sup = await SupervisorProcess.StartAsync(output,
            new SupervisorOptions { Workers = 1, StepMs = 200 }.WithEnv("SDS__Limits__MaxQueueLength", 2));
        var running = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 30 });
        await sup.Api.WaitForRunningAsync(running, 1, Timeouts.Job);
        var queued = new[] { await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 1 }), await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 1 }) };

        using var http = new HttpClient { BaseAddress = sup.BaseAddress };
        using var refused = await http.PostAsync("/api/generate/text2img", new StringContent("""{"prompt":"one too many"}""", System.Text.Encoding.UTF8, "application/json"));
        var body = await refused.Content.ReadAsStringAsync();
        sup.Expect(refused.StatusCode == HttpStatusCode.TooManyRequests && refused.Headers.RetryAfter?.Delta > TimeSpan.Zero
                   && body.Contains("\"queue_full\"", StringComparison.Ordinal),
            $"a submit over Limits:MaxQueueLength should be 429 queue_full with Retry-After\n{(int)refused.StatusCode} {refused.Headers.RetryAfter} {body}");

        foreach (var id in queued.Prepend(running))
            await sup.Api.WaitForCompletedAsync(id, Timeouts.Job);
    }
}
