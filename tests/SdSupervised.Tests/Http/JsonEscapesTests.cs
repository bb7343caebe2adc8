using System.Text;
using System.Text.Json;
using SdSupervised.Supervisor.Hosting.Http;

namespace SdSupervised.Tests.Http;

public sealed class JsonEscapesTests
{
    public static TheoryData<string, string, int> Bodies => new()
    {
        // A JavaScript client that cut "a😀" inside the emoji.
        { """{"p":"a\ud83d"}""", """{"p":"a\uFFFD"}""", 1 },
        { """{"p":"\ude00b"}""", """{"p":"\uFFFDb"}""", 1 },
        // Two highs in a row: neither has its low.
        { """{"p":"\uD83D\uD83D"}""", """{"p":"\uFFFD\uFFFD"}""", 2 },
        // A high then its low is a real pair and stays.
        { """{"p":"\ud83d\ude00"}""", """{"p":"\ud83d\ude00"}""", 0 },
        // An escaped backslash followed by the text "ud83d" is no escape at all.
        { """{"p":"\\ud83d"}""", """{"p":"\\ud83d"}""", 0 },
        { """{"p":"\\\ud83d"}""", """{"p":"\\\uFFFD"}""", 1 },
        // Short and broken escapes are the parser's to refuse, not ours to touch.
        { """{"p":"\ud8"}""", """{"p":"\ud8"}""", 0 },
        { """{"p":"\u00e9\n"}""", """{"p":"\u00e9\n"}""", 0 },
        // A lone surrogate in a key is mended the same way.
        { """{"\udfff":1}""", """{"\uFFFD":1}""", 1 },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Lone_surrogate_escapes_become_the_replacement_character_and_pairs_stay(string body, string expected, int mended)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        Assert.Equal(mended, JsonEscapes.MendLoneSurrogates(bytes));
        Assert.Equal(expected, Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void A_mended_body_reads_as_a_string_where_the_original_throws()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"prompt":"cat \ud83d"}""");
        Assert.Throws<InvalidOperationException>(() => JsonDocument.Parse(bytes).RootElement.GetProperty("prompt").GetString());
        JsonEscapes.MendLoneSurrogates(bytes);
        Assert.Equal("cat \uFFFD", JsonDocument.Parse(bytes).RootElement.GetProperty("prompt").GetString());
    }
}
