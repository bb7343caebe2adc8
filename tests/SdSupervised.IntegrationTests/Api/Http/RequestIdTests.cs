using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Api.Http;

/// <summary>Every answer carries <c>X-Request-Id</c>: the caller's when it is sane, a new one otherwise; the log line names it.</summary>
public sealed class RequestIdTests(SharedSupervisor shared, ITestOutputHelper output) : IClassFixture<SharedSupervisor>
{
    private SupervisorProcess Sup => shared.Supervisor;

    [Fact]
    public async Task A_sane_incoming_request_id_is_echoed()
    {
        var id = $"client-{Guid.NewGuid():N}";
        var answer = await HttpProbe.SendAsync(Sup.BaseAddress, HttpMethod.Get, "/api/health", new Dictionary<string, string> { ["X-Request-Id"] = id });
        output.WriteLine(answer.ToString());
        Sup.Expect(answer.Header("X-Request-Id") == id, $"X-Request-Id was not echoed:\n{answer}");
    }

    [Fact]
    public async Task A_request_without_an_id_gets_a_new_one_each_time()
    {
        var first = await HttpProbe.SendAsync(Sup.BaseAddress, HttpMethod.Get, "/api/health");
        var second = await HttpProbe.SendAsync(Sup.BaseAddress, HttpMethod.Get, "/api/queue/status");
        var a = first.Header("X-Request-Id");
        var b = second.Header("X-Request-Id");
        Sup.Expect(!string.IsNullOrWhiteSpace(a) && !string.IsNullOrWhiteSpace(b) && a != b, $"expected two different generated ids:\n{first}\n{second}");
    }

    public static TheoryData<string, string> UnacceptableIds => new()
    {
        { "longer than 128 characters", new string('a', 129) },
        { "with a space", "two words" },
        { "with a non-ASCII letter", "caf\u00e9" },
    };

    [Theory]
    [MemberData(nameof(UnacceptableIds))]
    public async Task An_unacceptable_incoming_id_is_replaced(string what, string id)
    {
        var answer = await HttpProbe.SendAsync(Sup.BaseAddress, HttpMethod.Get, "/api/health", new Dictionary<string, string> { ["X-Request-Id"] = id });
        var returned = answer.Header("X-Request-Id");
        Sup.Expect(!string.IsNullOrEmpty(returned) && returned != id && returned.Length <= 128 && returned.All(c => c is > ' ' and <= '~'),
            $"an id {what} should be replaced by a generated one:\n{answer}");
    }

    [Fact]
    public async Task Error_answers_carry_the_id_too()
    {
        var id = $"err-{Guid.NewGuid():N}";
        var answer = await HttpProbe.SendAsync(Sup.BaseAddress, HttpMethod.Post, "/api/generate/text2img",
            new Dictionary<string, string> { ["X-Request-Id"] = id }, new StringContent("{", System.Text.Encoding.UTF8, "application/json"));
        ErrorBody.Assert4xx(answer.AsApiResponse(), Sup.Context(), 400);
        Sup.Expect(answer.Header("X-Request-Id") == id, $"the 400 did not carry X-Request-Id:\n{answer}");
    }

    [Fact]
    public async Task The_request_id_appears_in_the_supervisor_log()
    {
        var id = $"log-{Guid.NewGuid():N}";
        var answer = await HttpProbe.SendAsync(Sup.BaseAddress, HttpMethod.Get, "/api/no-such-endpoint", new Dictionary<string, string> { ["X-Request-Id"] = id });
        ErrorBody.Assert4xx(answer.AsApiResponse(), Sup.Context(), 404);

        // The request log line is written when the response completes; wait for it rather than assume it is there.
        var deadline = DateTime.UtcNow + Timeouts.Soon;
        while (!Sup.Log.Contains(id) && DateTime.UtcNow < deadline) await Task.Delay(50);
        Sup.Expect(Sup.Log.Contains(id), $"request id {id} never appeared in the supervisor log");
        var line = Sup.Log.Snapshot().First(l => l.Contains(id, StringComparison.Ordinal));
        Sup.Expect(line.Contains("/api/no-such-endpoint", StringComparison.Ordinal) && line.Contains("404", StringComparison.Ordinal),
            $"the log line with the id does not describe the request: {line}");
    }

    [Fact]
    public async Task Without_configured_origins_no_cors_headers_are_sent()
    {
        var preflight = await HttpProbe.SendAsync(Sup.BaseAddress, HttpMethod.Options, "/api/generate/text2img", new Dictionary<string, string>
        {
            ["Origin"] = "http://ui.example:3000",
            ["Access-Control-Request-Method"] = "POST",
            ["Access-Control-Request-Headers"] = "content-type",
        });
        Sup.Expect(preflight.Header("Access-Control-Allow-Origin") is null && preflight.Header("Access-Control-Allow-Methods") is null,
            $"CORS is off by default, yet the preflight was allowed:\n{preflight}");

        var get = await HttpProbe.SendAsync(Sup.BaseAddress, HttpMethod.Get, "/api/health", new Dictionary<string, string> { ["Origin"] = "http://ui.example:3000" });
        Sup.Expect(get.Status == 200 && get.Header("Access-Control-Allow-Origin") is null, $"CORS is off by default, yet GET allowed the origin:\n{get}");
    }
}
