using Microsoft.AspNetCore.Http;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Compat.OpenAI;

namespace SdSupervised.Tests.Compat.OpenAI;

public sealed class OpenAIRoutesTests
{
    [Theory]
    [InlineData("/v1/images/generations", true)]
    [InlineData("/v1", true)]
    [InlineData("/V1/models", true)]
    [InlineData("/v10/x", false)]
    [InlineData("/api/v1/jobs/x/output/y.png", false)]
    [InlineData("/sdapi/v1/txt2img", false)]
    public void Only_the_v1_tree_is_OpenAIs(string path, bool owned) => Assert.Equal(owned, OpenAIRoutes.Owns(new PathString(path)));

    [Theory]
    [InlineData(413, "payload_too_large", "invalid_request_error")]
    [InlineData(400, "bad_request", "invalid_request_error")]
    [InlineData(429, "queue_full", "requests")]
    [InlineData(500, "internal_error", "server_error")]
    public void Pipeline_errors_keep_status_meaning_and_code(int status, string code, string type)
    {
        var body = OpenAIRoutes.ToOpenAI(new ApiError(status, code, "what happened", RequestId: status >= 500 ? "req-1" : null));

        Assert.Equal(type, body.Error.Type);
        Assert.Equal(code, body.Error.Code);
        Assert.StartsWith("what happened", body.Error.Message);
        Assert.Equal(status >= 500, body.Error.Message.Contains("req-1"));
    }

    [Fact]
    public void A_field_error_names_the_OpenAI_parameter() =>
        Assert.Equal("n", OpenAIRoutes.ToOpenAI(new ApiError(400, "validation_failed", "m", new Dictionary<string, string[]> { ["batch_count"] = ["x"] })).Error.Param);

    [Fact]
    public void Outside_v1_the_error_is_written_as_is()
    {
        var error = new ApiError(413, "payload_too_large", "too big");
        var api = new DefaultHttpContext { Request = { Path = "/api/generate/text2img" } };
        var v1 = new DefaultHttpContext { Request = { Path = "/v1/images/edits" } };

        Assert.Same(error, OpenAIRoutes.ErrorBodyFor(api, error));
        Assert.IsType<OpenAIErrorBody>(OpenAIRoutes.ErrorBodyFor(v1, error));
    }
}
