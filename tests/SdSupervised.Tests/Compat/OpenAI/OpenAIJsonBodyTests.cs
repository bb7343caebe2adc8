using System.Text;
using System.Text.Json;
using SdSupervised.Supervisor.Compat.OpenAI;

namespace SdSupervised.Tests.Compat.OpenAI;

public sealed class OpenAIJsonBodyTests
{
    private static Task<OpenAIResult<JsonElement>> Read(string body) =>
        OpenAIJsonBody.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), CancellationToken.None);

    [Fact]
    public async Task An_object_is_read()
    {
        var result = await Read("""{"prompt": "x"}""");

        Assert.True(result.Succeeded);
        Assert.Equal("x", result.Value.GetProperty("prompt").GetString());
    }

    [Theory]
    [InlineData("""{"prompt": "x",""")]
    [InlineData("""{prompt: x}""")]
    [InlineData("")]
    [InlineData("[1, 2]")]
    [InlineData("\"prompt\"")]
    public async Task Anything_but_a_JSON_object_is_a_400_invalid_json(string body)
    {
        var result = await Read(body);

        Assert.False(result.Succeeded);
        Assert.Equal(400, result.Failure!.Status);
        Assert.Equal("invalid_json", result.Failure.Error.Code);
        Assert.Equal("invalid_request_error", result.Failure.Error.Type);
    }
}
