using SdSupervised.Supervisor.Compat.A1111;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Outputs;

namespace SdSupervised.Tests.Compat.A1111;

public sealed class A1111InfotextParserTests
{
    [Fact]
    public void What_the_server_writes_parses_back()
    {
        var p = new GenerationParameters
        {
            Prompt = "a fox, in snow\nsecond line",
            NegativePrompt = "blurry",
            Width = 512,
            Height = 768,
            Steps = 20,
            SamplingMethod = "euler_a",
            Scheduler = "karras",
            Model = "my: model",
            ClipSkip = 2,
        };

        var parsed = A1111InfotextParser.Parse(InfotextFormatter.Format(p, 42));

        Assert.Equal("a fox, in snow\nsecond line", parsed["Prompt"]);
        Assert.Equal("blurry", parsed["Negative prompt"]);
        Assert.Equal(("20", "Euler a", "Karras", "42"), (parsed["Steps"], parsed["Sampler"], parsed["Schedule type"], parsed["Seed"]));
        Assert.Equal(("512x768", "512", "768"), (parsed["Size"], parsed["Size-1"], parsed["Size-2"]));
        Assert.Equal("my: model", parsed["Model"]);
        Assert.Equal("2", parsed["Clip skip"]);
    }

    [Fact]
    public void A_prompt_without_parameters_is_only_a_prompt()
    {
        var parsed = A1111InfotextParser.Parse("just words: here");

        Assert.Equal(("just words: here", ""), (parsed["Prompt"], parsed["Negative prompt"]));
        Assert.Equal(2, parsed.Count);
        Assert.Empty(A1111InfotextParser.Parse(""));
    }

    [Fact]
    public void Png_text_chunks_are_read_back_from_an_encoded_image()
    {
        var png = ImageCodec.Encode(new DecodedImage(4, 4, Enumerable.Repeat((byte)200, 64).ToArray()), ImageFormat.Png);
        png = PngTextChunk.InsertAfterHeader(png, "parameters", "latin text\nSteps: 1, Seed: 2, Size: 4x4");
        png = PngTextChunk.InsertAfterHeader(png, "comment", "ünïcödé ✓");

        var chunks = A1111PngText.Read(png);

        Assert.Equal("latin text\nSteps: 1, Seed: 2, Size: 4x4", chunks["parameters"]);
        Assert.Equal("ünïcödé ✓", chunks["comment"]);
        Assert.Empty(A1111PngText.Read([1, 2, 3]));
    }
}
