using System.Text;
using SdSupervised.Supervisor.Outputs;

namespace SdSupervised.Tests.Outputs;

public sealed class PngTextChunkTests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("IEND", 0xAE426082u)]
    public void Crc32_matches_the_standard_check_values(string input, uint expected)
    {
        Assert.Equal(expected, Crc32.Compute(Encoding.ASCII.GetBytes(input)));
    }

    [Theory]
    [InlineData("plain ascii\nwith a newline", true)]
    [InlineData("café, naïve, ß, ÿ", true)]
    [InlineData("日本語", false)]
    [InlineData("emoji 🦊", false)]
    [InlineData("curly “quotes”", false)]
    [InlineData("C1 control \u0085", false)]
    public void Latin1_text_is_told_apart(string text, bool latin1)
    {
        Assert.Equal(latin1, PngTextChunk.IsLatin1Text(text));
    }

    [Fact]
    public void Nul_characters_are_dropped_from_the_text()
    {
        var chunk = PngTextChunk.Build("parameters", "a\0b");

        Assert.Equal("tEXt", Encoding.ASCII.GetString(chunk, 4, 4));
        Assert.Equal("parameters\0ab"u8.ToArray(), chunk.AsSpan(8, chunk.Length - 12).ToArray());
    }

    [Fact]
    public void Inserting_into_something_that_is_not_a_png_throws()
    {
        Assert.Throws<ArgumentException>(() => PngTextChunk.InsertAfterHeader(new byte[64], "parameters", "x"));
    }
}
