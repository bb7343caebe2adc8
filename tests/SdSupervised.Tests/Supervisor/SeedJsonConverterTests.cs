using System.Text.Json;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Api.Generate;

namespace SdSupervised.Tests.Supervisor;

/// <summary>The seed field as the API binds it: through <see cref="Text2ImgRequest"/> with the API's JSON options.</summary>
public sealed class SeedJsonConverterTests
{
    private static long SeedOf(string jsonValue) =>
        JsonSerializer.Deserialize<Text2ImgRequest>($$"""{"prompt":"a cat","seed":{{jsonValue}}}""", ApiJson.Options)!.Seed;

    [Theory]
    [InlineData("42", 42)]
    [InlineData("0", 0)]
    [InlineData("-1", -1)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("\"random\"", -1)]
    [InlineData("\"Random\"", -1)]
    [InlineData("\" RANDOM \"", -1)]
    [InlineData("\"123\"", 123)]
    [InlineData("\" 77 \"", 77)]
    [InlineData("\"-1\"", -1)]
    [InlineData("\"\"", -1)]
    [InlineData("null", -1)]
    public void Accepted_seed_values(string json, long expected)
    {
        Assert.Equal(expected, SeedOf(json));
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("3.5")]
    [InlineData("1e30")]
    [InlineData("9223372036854775808")]
    [InlineData("\"12abc\"")]
    [InlineData("true")]
    [InlineData("[]")]
    [InlineData("{}")]
    public void Rejected_seed_values_throw_JsonException(string json)
    {
        var ex = Assert.ThrowsAny<JsonException>(() => SeedOf(json));

        Assert.Contains("seed", ex.Message);
    }

    [Fact]
    public void Missing_seed_means_random()
    {
        var request = JsonSerializer.Deserialize<Text2ImgRequest>("""{"prompt":"a cat"}""", ApiJson.Options)!;

        Assert.Equal(-1, request.Seed);
    }

    [Fact]
    public void Seed_is_written_as_a_number()
    {
        var json = JsonSerializer.Serialize(new Text2ImgRequest { Prompt = "a cat", Seed = 1234567890123 }, ApiJson.Options);

        Assert.Contains("\"seed\":1234567890123", json);
    }

    [Fact]
    public void Converter_reads_a_bare_value_too()
    {
        var options = new JsonSerializerOptions { Converters = { new SeedJsonConverter() } };

        Assert.Equal(5, JsonSerializer.Deserialize<long>("\"5\"", options));
        Assert.Equal(-1, JsonSerializer.Deserialize<long>("\"random\"", options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<long>("\"abc\"", options));
    }
}
