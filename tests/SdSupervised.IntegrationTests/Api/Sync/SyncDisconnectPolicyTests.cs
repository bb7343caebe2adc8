using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Api.Sync;

/// <summary>
/// <c>Sds:Sync:OnDisconnect</c> overrides each family's default for a client that hangs up while waiting (OpenAI
/// cancels, the others keep; the OpenAI default is in OpenAILimitsTests): Keep lets an OpenAI job finish, Cancel
/// stops a <c>/api/v1/generate</c> or A1111 job.
/// </summary>
public sealed class SyncDisconnectPolicyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Keep_lets_the_job_of_an_OpenAI_client_that_hung_up_finish()
    {
        await using var sup = await Start("Keep");

        var job = await HangUpWhileRunningAsync(sup, "/v1/images/generations", """{"prompt": "slow", "size": "64x64", "steps": 60}""");

        sup.Expect(job.Status == "completed", "with OnDisconnect=Keep the OpenAI client's job should run to the end", job);
    }

    [Fact]
    public async Task Cancel_stops_the_job_of_a_seed_api_client_that_hung_up()
    {
        await using var sup = await Start("Cancel");

        var job = await HangUpWhileRunningAsync(sup, "/api/v1/generate", """{"prompt": "slow", "width": 64, "height": 64, "steps": 150}""");

        sup.Expect(job.Status == "cancelled", "with OnDisconnect=Cancel the /api/v1/generate client's job should end cancelled", job);
    }

    [Fact]
    public async Task Cancel_stops_the_job_of_an_A1111_client_that_hung_up()
    {
        await using var sup = await Start("cancel");

        var job = await HangUpWhileRunningAsync(sup, "/sdapi/v1/txt2img", """{"prompt": "slow", "width": 64, "height": 64, "steps": 150}""");

        sup.Expect(job.Status == "cancelled", "with OnDisconnect=cancel the A1111 client's job should end cancelled", job);
    }

    [Fact]
    public async Task By_default_a_seed_api_client_that_hung_up_leaves_its_job_running()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 20 });

        var job = await HangUpWhileRunningAsync(sup, "/api/v1/generate", """{"prompt": "slow", "width": 64, "height": 64, "steps": 60}""");

        sup.Expect(job.Status == "completed", "by default the /api/v1/generate client's job should run to the end", job);
    }

    private Task<SupervisorProcess> Start(string policy) =>
        SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 20 }.WithEnv("SDS__Sync__OnDisconnect", policy));

    /// <summary>Posts <paramref name="body"/>, hangs up once its job runs, and returns the job as it ended.</summary>
    private static async Task<JobSnapshot> HangUpWhileRunningAsync(SupervisorProcess sup, string route, string body)
    {
        using var http = new HttpClient { BaseAddress = sup.BaseAddress };
        using var hangUp = new CancellationTokenSource();
        var request = http.PostAsync(route, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), hangUp.Token);
        var queue = await sup.Api.PollAsync(sup.Api.QueueStatusAsync, q => q.Json.Arr("jobs")?.Any(j => j.Str("status") == "running") == true,
            Timeouts.Soon, $"the {route} request's job to be running");
        var jobId = queue.Json.Arr("jobs")!.First(j => j.Str("status") == "running").Str("job_id")!;
        await hangUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        return await sup.Api.WaitForTerminalAsync(jobId, Timeouts.Job);
    }
}
