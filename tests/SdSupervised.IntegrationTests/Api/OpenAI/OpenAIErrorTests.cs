using System.ClientModel;
using OpenAI.Images;
using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Api.OpenAI;

/// <summary>Every refusal on /v1 is OpenAI's <c>{"error": {…}}</c>, so OpenAI's clients raise a readable exception.</summary>
public sealed class OpenAIErrorTests(SharedSupervisor shared) : IClassFixture<SharedSupervisor>
{
    private SupervisorProcess Sup => shared.Supervisor;

    [Fact]
    public async Task A_missing_prompt_is_400_naming_prompt()
    {
        using var http = new OpenAIHttp(Sup);
        var response = await http.PostJsonAsync("/v1/images/generations", """{"n": 1, "size": "256x256"}""");

        OpenAIErrorBody.Assert(response, 400, "invalid_request_error", "prompt", Sup.Context());
    }

    [Fact]
    public async Task Bad_size_and_too_large_n_make_the_client_throw_400()
    {
        var client = OpenAIClients.Images(Sup);

        var badSize = await Assert.ThrowsAsync<ClientResultException>(() =>
            client.GenerateImageAsync("x", new ImageGenerationOptions { Size = new GeneratedImageSize(100, 100) }));
        Sup.Expect(badSize.Status == 400 && badSize.Message.Contains("size"), $"bad size: expected 400 naming size, got {badSize.Status}: {badSize.Message}");

        var tooMany = await Assert.ThrowsAsync<ClientResultException>(() => client.GenerateImagesAsync("x", 1000));
        Sup.Expect(tooMany.Status == 400 && tooMany.Message.Contains('n'), $"n too large: expected 400, got {tooMany.Status}: {tooMany.Message}");

        using var http = new OpenAIHttp(Sup);
        OpenAIErrorBody.Assert(await http.PostJsonAsync("/v1/images/generations", """{"prompt": "x", "size": "4096x4096"}"""),
            400, "invalid_request_error", "size", Sup.Context());
        OpenAIErrorBody.Assert(await http.PostJsonAsync("/v1/images/generations", """{"prompt": "x", "n": 17}"""),
            400, "invalid_request_error", "n", Sup.Context());
    }

    [Theory]
    [InlineData("""{"prompt": "x",""")]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    public async Task Malformed_json_is_400_in_OpenAIs_shape(string body)
    {
        using var http = new OpenAIHttp(Sup);
        var response = await http.PostJsonAsync("/v1/images/generations", body);

        OpenAIErrorBody.Assert(response, 400, "invalid_request_error", null, Sup.Context());
    }

    [Fact]
    public async Task Limits_checked_by_the_shared_validation_name_the_OpenAI_parameter()
    {
        using var http = new OpenAIHttp(Sup);

        var steps = await http.PostJsonAsync("/v1/images/generations", """{"prompt": "x", "steps": 100000}""");
        OpenAIErrorBody.Assert(steps, 400, "invalid_request_error", "steps", Sup.Context());

        var model = await http.PostJsonAsync("/v1/images/generations", """{"prompt": "x", "model": "no-such-model-here"}""");
        var error = OpenAIErrorBody.Assert(model, model.Code, "invalid_request_error", "model", Sup.Context());
        Sup.Expect(model.Code is 400 or 404 && error.Str("message")!.Contains("no-such-model-here"), $"an unknown model should be refused naming it\n{model}");
    }

    [Fact]
    public async Task A_failed_job_is_a_non_retryable_422_server_error_with_the_engines_message()
    {
        using var http = new OpenAIHttp(Sup);
        var response = await http.PostJsonAsync("/v1/images/generations", """{"prompt": "x", "size": "64x64", "steps": 2, "fault": "fail"}""");

        var error = OpenAIErrorBody.Assert(response, 422, "server_error", null, Sup.Context());
        Sup.Expect(response.Header("x-should-retry") == "false", $"a failed generation should say x-should-retry: false\n{response}");
        Sup.Expect(error.Str("message")!.Contains("fail", StringComparison.OrdinalIgnoreCase) && error.Str("code") == "generation_failed",
            $"the message should carry the job's failure and the code its kind\n{response}");
    }

    [Fact]
    public async Task Unknown_v1_routes_are_404_in_OpenAIs_shape()
    {
        using var http = new OpenAIHttp(Sup);

        OpenAIErrorBody.Assert(await http.PostJsonAsync("/v1/chat/completions", """{"model": "x", "messages": []}"""), 404, "invalid_request_error", null, Sup.Context());
        OpenAIErrorBody.Assert(await http.GetAsync("/v1/images/files/nojob/00-1.jpeg"), 404, "invalid_request_error", null, Sup.Context());
    }
}
