using System.ClientModel;
using OpenAI;
using OpenAI.Images;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Api.OpenAI;

/// <summary>
/// The official client with its default retry policy (two retries of 408, 429 and 5xx): a generation that failed on the
/// server is answered so that the client does not send it again, because every retry would be another job.
/// </summary>
public sealed class OpenAIRetryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_failed_generation_through_the_retrying_official_client_is_exactly_one_job()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 10 });
        var before = (await sup.Api.ScrapeAsync()).Sum("sds_jobs_submitted_total");
        var options = new OpenAIClientOptions { Endpoint = new Uri(sup.BaseAddress + "v1"), NetworkTimeout = Timeouts.Job * 2 };
        var client = new ImageClient("dall-e-2", new ApiKeyCredential(OpenAIClients.AnyApiKey), options);
        // The fault field is ours (test servers only), so it goes in through the client's raw body.
        using var body = BinaryContent.Create(BinaryData.FromString("""{"prompt": "fails", "size": "64x64", "steps": 2, "fault": "fail", "model": "dall-e-2"}"""));

        var thrown = await Assert.ThrowsAsync<ClientResultException>(() => client.GenerateImagesAsync(body));

        sup.Expect(thrown.Status == 422 && thrown.GetRawResponse()?.Headers.TryGetValue("x-should-retry", out var retry) == true && retry == "false",
            $"a failed generation should be a 422 with x-should-retry: false, got {thrown.Status}: {thrown.Message}");
        var after = await sup.Api.WaitForMetricsAsync(m => m.Sum("sds_jobs_finished_total", ("status", "failed")) >= 1, Timeouts.Soon, "the failed job counted");
        sup.Expect(after.Sum("sds_jobs_submitted_total") == before + 1,
            $"the client should not have retried: expected {before + 1} submitted job(s), got {after.Sum("sds_jobs_submitted_total")}\n{sup.Context()}");
    }
}
