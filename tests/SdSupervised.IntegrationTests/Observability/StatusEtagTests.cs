using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Observability;

/// <summary>Pollers of /api/status and /api/queue/status send back the ETag and get a bodyless 304 until something changes.</summary>
public sealed class StatusEtagTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("/api/status")]
    [InlineData("/api/queue/status")]
    public async Task An_unchanged_status_answers_304_to_its_etag_and_a_change_gives_a_new_etag(string path)
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 10 });
        var first = await sup.Api.GetAsync(path);
        var etag = first.Header("ETag");
        sup.Expect(first.Code == 200 && etag is { Length: > 2 } && etag.StartsWith('"'), $"{path} should answer 200 with a strong ETag\n{first}");

        var again = await sup.Api.SendAsync(HttpMethod.Get, path, headers: ("If-None-Match", etag!));
        sup.Expect(again.Code == 304 && again.Body.Length == 0 && again.Header("ETag") == etag, $"the same ETag should get a bodyless 304\n{again}");

        await sup.Api.WaitForCompletedAsync(await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2 }), Timeouts.Job);
        // /api/status changed (the worker holds a model now); /api/queue/status is empty again, so a running job changes it.
        if (path == "/api/queue/status")
            await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 100 });
        var changed = await sup.Api.PollAsync(() => sup.Api.SendAsync(HttpMethod.Get, path, headers: ("If-None-Match", etag!)),
            r => r.Code == 200, Timeouts.Soon, $"{path} to change");
        sup.Expect(changed.Json is not null && changed.Header("ETag") is { } next && next != etag, $"a changed {path} should carry a new ETag\n{changed}");
    }
}
