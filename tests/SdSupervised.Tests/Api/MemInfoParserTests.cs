using SdSupervised.Supervisor.Operations;

namespace SdSupervised.Tests.Api;

public sealed class MemInfoParserTests
{
    [Fact]
    public void Total_and_available_are_read_in_bytes()
    {
        const string text = """
            MemTotal:       16303428 kB
            MemFree:         1020304 kB
            MemAvailable:    9876543 kB
            Buffers:          123456 kB
            HugePages_Total:       0
            """;

        var memory = MemInfoParser.Parse(text);

        Assert.Equal(16303428L * 1024, memory.TotalBytes);
        Assert.Equal(9876543L * 1024, memory.AvailableBytes);
    }

    [Fact]
    public void Without_MemAvailable_free_buffers_and_cache_are_used()
    {
        const string text = "MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 20 kB\nCached: 300 kB\n";

        var memory = MemInfoParser.Parse(text);

        Assert.Equal(1000L * 1024, memory.TotalBytes);
        Assert.Equal(420L * 1024, memory.AvailableBytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage\nMemTotal: lots kB\n: 5 kB")]
    public void Missing_or_malformed_values_are_null(string text)
    {
        var memory = MemInfoParser.Parse(text);

        Assert.Null(memory.TotalBytes);
        Assert.Null(memory.AvailableBytes);
    }
}
