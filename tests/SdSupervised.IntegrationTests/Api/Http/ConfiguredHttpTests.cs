using System.Text;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Api.Http;

/// <summary>A supervisor started with a CORS origin and a small body limit (<see cref="ConfiguredHttpSupervisor"/>).</summary>
public sealed class ConfiguredHttpTests(ConfiguredHttpSupervisor fixture, ITestOutputHelper output) : IClassFixture<ConfiguredHttpSupervisor>
{
    private SupervisorProcess Sup => fixture.Supervisor;

    [Fact]
    public async Task Cors_preflight_for_a_json_post_is_allowed_for_the_configured_origin()
    {
        var preflight = await HttpProbe.SendAsync(Sup.BaseAddress, HttpMethod.Options, "/api/generate/text2img", new Dictionary<string, string>
        {
            ["Origin"] = ConfiguredHttpSupervisor.Origin,
            ["Access-Control-Request-Method"] = "POST",
            ["Access-Control-Request-Headers"] = "content-type,x-request-id",
        });
        output.WriteLine(preflight.ToString());
        Sup.Expect(preflight.Status is 200 or 204, $"preflight was not answered with success:\n{preflight}");
        Sup.Expect(preflight.Header("Access-Control-Allow-Origin") == ConfiguredHttpSupervisor.Origin, $"origin not allowed:\n{preflight}");
        Sup.Expect(preflight.Header("Access-Control-Allow-Methods")?.Contains("POST", StringComparison.OrdinalIgnoreCase) == true, $"POST not allowed:\n{preflight}");
        Sup.Expect(preflight.Header("Access-Control-Allow-Headers")?.Contains("content-type", StringComparison.OrdinalIgnoreCase) == true,
            $"content-type header not allowed:\n{preflight}");
    }

    [Fact]
    public async Task Cors_responses_expose_the_request_id_and_retry_after()
    {
        var get = await HttpProbe.SendAsync(Sup.BaseAddress, HttpMethod.Get, "/api/health", new Dictionary<string, string> { ["Origin"] = ConfiguredHttpSupervisor.Origin });
        Sup.Expect(get.Header("Access-Control-Allow-Origin") == ConfiguredHttpSupervisor.Origin, $"origin not allowed on GET:\n{get}");
        var exposed = get.Header("Access-Control-Expose-Headers") ?? "";
        Sup.Expect(exposed.Contains("X-Request-Id", StringComparison.OrdinalIgnoreCase) && exposed.Contains("Retry-After", StringComparison.OrdinalIgnoreCase),
            $"X-Request-Id and Retry-After are not exposed:\n{get}");
    }

    [Fact]
    public async Task Cors_preflight_from_another_origin_is_not_allowed()
    {
        var preflight = await HttpProbe.SendAsync(Sup.BaseAddress, HttpMethod.Options, "/api/generate/text2img", new Dictionary<string, string>
        {
            ["Origin"] = "http://elsewhere.example",
            ["Access-Control-Request-Method"] = "POST",
            ["Access-Control-Request-Headers"] = "content-type",
        });
        Sup.Expect(preflight.Header("Access-Control-Allow-Origin") is null, $"an unlisted origin was allowed:\n{preflight}");
    }

    [Fact]
    public async Task Body_over_the_limit_with_content_length_gets_413_payload_too_large()
    {
        var body = OversizedText2ImgBody();
        var answer = await HttpProbe.SendAsync(Sup.BaseAddress, HttpMethod.Post, "/api/generate/text2img",
            content: new StringContent(body, Encoding.UTF8, "application/json"));
        output.WriteLine(answer.ToString());
        AssertPayloadTooLarge(answer);
    }

    [Fact]
    public async Task Body_over_the_limit_sent_chunked_gets_413_payload_too_large()
    {
        var answer = await HttpProbe.PostChunkedAsync(Sup.Port, "/api/generate/text2img", Encoding.UTF8.GetBytes(OversizedText2ImgBody()));
        output.WriteLine(answer.ToString());
        AssertPayloadTooLarge(answer);
    }

    [Fact]
    public async Task Body_over_the_limit_on_an_openai_route_gets_413_in_openais_shape()
    {
        var answer = await HttpProbe.SendAsync(Sup.BaseAddress, HttpMethod.Post, "/v1/images/generations",
            content: new StringContent(OversizedText2ImgBody(), Encoding.UTF8, "application/json"));
        output.WriteLine(answer.ToString());
        var error = answer.Json.Obj("error");
        Sup.Expect(answer.Status == 413 && error.Str("code") == "payload_too_large"
            && error.Str("message")?.Contains("Sds:Limits:MaxRequestBodyBytes", StringComparison.Ordinal) == true,
            $"expected 413 with OpenAI's {{\"error\": {{message, code}}}}:\n{answer}");
    }

    [Fact]
    public async Task Body_under_the_limit_sent_chunked_is_accepted()
    {
        var body = Json.Serialize(new Text2ImgRequest { Steps = 2, Seed = 7 });
        Assert.True(body.Length < ConfiguredHttpSupervisor.MaxRequestBodyBytes);
        var answer = await HttpProbe.PostChunkedAsync(Sup.Port, "/api/generate/text2img", Encoding.UTF8.GetBytes(body), chunkSize: 16);
        Sup.Expect(answer.Status == 202 && answer.Json.Str("job_id") is { Length: > 0 }, $"a small chunked body was not accepted:\n{answer}");
    }

    private void AssertPayloadTooLarge(HttpExchange answer)
    {
        ErrorBody.Assert4xx(answer.AsApiResponse(), Sup.Context(), 413);
        var message = answer.Json.Str("message") ?? "";
        Sup.Expect(answer.Json.Str("error") == "payload_too_large", $"error code is not payload_too_large:\n{answer}");
        Sup.Expect(message.Contains(ConfiguredHttpSupervisor.MaxRequestBodyBytes.ToString(), StringComparison.Ordinal)
            && message.Contains("Sds:Limits:MaxRequestBodyBytes", StringComparison.Ordinal),
            $"the message does not name the limit and its setting:\n{answer}");
        Sup.Expect(!string.IsNullOrEmpty(answer.Header("X-Request-Id")), $"the 413 has no X-Request-Id:\n{answer}");
    }

    /// <summary>A valid request in every way but size: only the limit can reject it.</summary>
    private static string OversizedText2ImgBody() =>
        Json.Serialize(new Text2ImgRequest { Prompt = "a lighthouse " + new string('x', ConfiguredHttpSupervisor.MaxRequestBodyBytes * 2) });
}
