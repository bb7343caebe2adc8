using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Api.OpenAI;

/// <summary>The server's limits seen through /v1: uploads too large, a full queue, and a client that hangs up.</summary>
public sealed class OpenAILimitsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_upload_over_the_limit_is_413_naming_the_field()
    {
        await using var sup = await SupervisorProcess.StartAsync(output,
            new SupervisorOptions { Workers = 1, StepMs = 10 }.WithEnv("SDS__Limits__MaxUploadBytes", 4096));
        using var http = new OpenAIHttp(sup);
        var large = TestImages.NoisyPng(64, 64);
        sup.Expect(large.Length > 4096, $"the test image should be over 4096 bytes, it is {large.Length}");

        var response = await http.PostFormAsync("/v1/images/edits", [("prompt", "x")], ("image", "big.png", large));

        OpenAIErrorBody.Assert(response, 413, "invalid_request_error", "image", sup.Context());
    }

    [Fact]
    public async Task A_full_queue_is_429_with_retry_after_in_OpenAIs_shape()
    {
        await using var sup = await SupervisorProcess.StartAsync(output,
            new SupervisorOptions { Workers = 1, StepMs = 100 }.WithEnv("SDS__Limits__MaxQueueLength", 1));
        // One job runs (or waits) for 15 s, one waits behind it: the queue is full whichever has started.
        await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 150 });
        await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 150 });
        using var http = new OpenAIHttp(sup);

        var response = await http.PostJsonAsync("/v1/images/generations", """{"prompt": "one more", "size": "64x64"}""");

        var error = OpenAIErrorBody.Assert(response, 429, "requests", null, sup.Context());
        sup.Expect(error.Str("code") == "rate_limit_exceeded", $"a full queue should have code rate_limit_exceeded\n{response}");
        await sup.Api.ClearAsync();
    }

    [Fact]
    public async Task A_client_that_hangs_up_cancels_its_job()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 100 });
        using var http = new HttpClient { BaseAddress = sup.BaseAddress };
        using var hangUp = new CancellationTokenSource();

        var request = http.PostAsync("/v1/images/generations",
            new StringContent("""{"prompt": "slow", "size": "64x64", "steps": 150}""", System.Text.Encoding.UTF8, "application/json"), hangUp.Token);
        var queue = await sup.Api.PollAsync(sup.Api.QueueStatusAsync, q => q.Json.Arr("jobs")?.Any(j => j.Str("status") == "running") == true,
            Timeouts.Soon, "the OpenAI request's job to be running");
        var jobId = queue.Json.Arr("jobs")!.First(j => j.Str("status") == "running").Str("job_id")!;
        await hangUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        var job = await sup.Api.WaitForTerminalAsync(jobId, Timeouts.Job);
        sup.Expect(job.Status == "cancelled", "the job of a client that hung up should end cancelled", job);
    }
}
