using System.Text.Json;
using SdSupervised.Supervisor.Compat.OpenAI;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Images;

namespace SdSupervised.Tests.Compat.OpenAI;

public sealed class OpenAIImageRequestReaderTests
{
    private static readonly LimitsOptions Limits = new() { MaxBatch = 4 };

    private static OpenAIResult<OpenAIImageRequest> ReadJson(string json) =>
        OpenAIImageRequestReader.Read(new OpenAIJsonFields(JsonDocument.Parse(json).RootElement), Limits);

    private static OpenAIResult<OpenAIImageRequest> ReadForm(params (string Key, string Value)[] fields) =>
        OpenAIImageRequestReader.Read(new OpenAIFormFields(fields.ToDictionary(f => f.Key, f => f.Value)), Limits);

    [Fact]
    public void A_full_request_is_read_with_every_field()
    {
        var result = ReadJson("""
            {"prompt": " a lighthouse ", "n": 2, "size": "768x512", "model": "dall-e-3", "response_format": "url",
             "output_format": "webp", "output_compression": 70, "quality": "hd", "style": "vivid", "user": "u1",
             "background": "transparent", "moderation": "low", "negative_prompt": "blurry", "steps": 8, "seed": 42,
             "cfg_scale": 5.5, "strength": 0.4}
            """);

        Assert.True(result.Succeeded, result.Failure?.Error.Message);
        var r = result.Value!;
        Assert.Equal("a lighthouse", r.Prompt);
        Assert.Equal(2, r.N);
        Assert.Equal(new ImageSize(768, 512), r.Size);
        Assert.Equal("dall-e-3", r.Model);
        Assert.Equal(OpenAIResponseFormat.Url, r.ResponseFormat);
        Assert.Equal(new OpenAIOutputEncoding(ImageFormat.Webp, 70), r.Encoding);
        Assert.Equal("blurry", r.NegativePrompt);
        Assert.Equal(8, r.Steps);
        Assert.Equal(42, r.Seed);
        Assert.Equal(5.5f, r.CfgScale);
        Assert.Equal(0.4f, r.Strength);
    }

    [Fact]
    public void A_bare_prompt_gets_OpenAIs_defaults()
    {
        var r = ReadJson("""{"prompt": "x"}""").Value!;

        Assert.Equal(1, r.N);
        Assert.Null(r.Size);
        Assert.Null(r.Model);
        Assert.Equal(OpenAIResponseFormat.Url, r.ResponseFormat);
        Assert.Equal(ImageFormat.Png, r.Encoding.Format);
        Assert.Null(r.Seed);
        Assert.Null(r.Steps);
    }

    [Theory]
    [InlineData("""{"prompt": "x"}""", OpenAIResponseFormat.Url)]
    [InlineData("""{"prompt": "x", "model": "dall-e-2"}""", OpenAIResponseFormat.Url)]
    [InlineData("""{"prompt": "x", "model": "DALL-E-3"}""", OpenAIResponseFormat.Url)]
    [InlineData("""{"prompt": "x", "model": "gpt-image-1"}""", OpenAIResponseFormat.B64Json)]
    [InlineData("""{"prompt": "x", "model": "gpt-image-1-mini"}""", OpenAIResponseFormat.B64Json)]
    [InlineData("""{"prompt": "x", "output_format": "jpeg"}""", OpenAIResponseFormat.B64Json)]
    [InlineData("""{"prompt": "x", "output_compression": 80}""", OpenAIResponseFormat.B64Json)]
    [InlineData("""{"prompt": "x", "model": "sd15/dreamshaper"}""", OpenAIResponseFormat.B64Json)]
    [InlineData("""{"prompt": "x", "model": "dall-e-3", "response_format": "b64_json"}""", OpenAIResponseFormat.B64Json)]
    [InlineData("""{"prompt": "x", "model": "gpt-image-1", "response_format": "url"}""", OpenAIResponseFormat.Url)]
    public void Without_response_format_the_answer_is_what_OpenAI_gives_for_the_model(string json, OpenAIResponseFormat expected) =>
        Assert.Equal(expected, ReadJson(json).Value!.ResponseFormat);

    [Fact]
    public void Nulls_read_as_absent() =>
        Assert.True(ReadJson("""{"prompt": "x", "n": null, "size": null, "response_format": null}""").Succeeded);

    [Theory]
    [InlineData("""{}""", "prompt", "missing_required_parameter")]
    [InlineData("""{"prompt": null}""", "prompt", "missing_required_parameter")]
    [InlineData("""{"prompt": "  "}""", "prompt", "empty_prompt")]
    [InlineData("""{"prompt": 5}""", "prompt", "invalid_type")]
    [InlineData("""{"prompt": "x", "n": 0}""", "n", "integer_out_of_range")]
    [InlineData("""{"prompt": "x", "n": 5}""", "n", "integer_out_of_range")]
    [InlineData("""{"prompt": "x", "n": "2"}""", "n", "invalid_type")]
    [InlineData("""{"prompt": "x", "n": 1.5}""", "n", "invalid_type")]
    [InlineData("""{"prompt": "x", "size": "100x100"}""", "size", "invalid_size")]
    [InlineData("""{"prompt": "x", "size": 512}""", "size", "invalid_type")]
    [InlineData("""{"prompt": "x", "response_format": "png"}""", "response_format", "invalid_value")]
    [InlineData("""{"prompt": "x", "output_format": "gif"}""", "output_format", "invalid_value")]
    [InlineData("""{"prompt": "x", "output_compression": 150}""", "output_compression", "invalid_value")]
    [InlineData("""{"prompt": "x", "seed": "abc"}""", "seed", "invalid_type")]
    [InlineData("""{"prompt": "x", "cfg_scale": "high"}""", "cfg_scale", "invalid_type")]
    [InlineData("""{"prompt": "x", "stream": true}""", "stream", "unsupported_parameter")]
    [InlineData("""{"prompt": "x", "strength": 2}""", "strength", "invalid_value")]
    public void Bad_requests_are_refused_naming_the_parameter(string json, string param, string code)
    {
        var result = ReadJson(json);

        Assert.False(result.Succeeded);
        Assert.Equal(400, result.Failure!.Status);
        Assert.Equal(param, result.Failure.Error.Param);
        Assert.Equal(code, result.Failure.Error.Code);
        Assert.Equal("invalid_request_error", result.Failure.Error.Type);
    }

    [Fact]
    public void Form_fields_are_text_and_parse_as_numbers()
    {
        var result = ReadForm(("prompt", "a cat"), ("n", "3"), ("size", "256x256"), ("seed", "-1"), ("cfg_scale", "4.5"), ("response_format", "b64_json"), ("user", "x"));

        Assert.True(result.Succeeded, result.Failure?.Error.Message);
        Assert.Equal(3, result.Value!.N);
        Assert.Equal(new ImageSize(256, 256), result.Value.Size);
        Assert.Equal(-1, result.Value.Seed);
        Assert.Equal(4.5f, result.Value.CfgScale);
    }

    [Fact]
    public void Empty_form_fields_count_as_absent() =>
        Assert.Equal(1, ReadForm(("prompt", "a cat"), ("n", ""), ("size", "")).Value!.N);

    [Theory]
    [InlineData("n", "two")]
    [InlineData("steps", "1e3x")]
    [InlineData("seed", "12.5")]
    public void Form_numbers_that_do_not_parse_are_refused(string field, string value)
    {
        var result = ReadForm(("prompt", "a cat"), (field, value));

        Assert.False(result.Succeeded);
        Assert.Equal(field, result.Failure!.Error.Param);
    }
}
