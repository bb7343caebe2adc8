using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Supervisor;

public sealed class LogRingBufferTests
{
    [Fact]
    public void Keeps_every_line_until_full_oldest_first()
    {
        var buffer = new LogRingBuffer(3);
        buffer.Add("a");
        buffer.Add("b");

        Assert.Equal(["a", "b"], buffer.Snapshot());
    }

    [Fact]
    public void Keeps_only_the_last_lines_once_full()
    {
        var buffer = new LogRingBuffer(3);
        foreach (var line in new[] { "1", "2", "3", "4", "5" })
            buffer.Add(line);

        Assert.Equal(["3", "4", "5"], buffer.Snapshot());
    }

    [Fact]
    public void Snapshot_is_a_copy_that_later_lines_do_not_change()
    {
        var buffer = new LogRingBuffer(2);
        buffer.Add("first");
        var snapshot = buffer.Snapshot();

        buffer.Add("second");
        buffer.Add("third");

        Assert.Equal(["first"], snapshot);
    }

    [Fact]
    public void Empty_buffer_has_an_empty_snapshot()
    {
        Assert.Empty(new LogRingBuffer(4).Snapshot());
    }

    [Fact]
    public async Task Concurrent_writers_never_exceed_the_capacity()
    {
        var buffer = new LogRingBuffer(50);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
                buffer.Add($"{w}:{i}");
        })));

        var lines = buffer.Snapshot();
        Assert.Equal(50, lines.Count);
        Assert.Contains(lines, l => l.EndsWith(":999", StringComparison.Ordinal));
    }
}
