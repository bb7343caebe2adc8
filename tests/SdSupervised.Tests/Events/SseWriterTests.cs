using SdSupervised.Supervisor.Events;

namespace SdSupervised.Tests.Events;

public sealed class SseWriterTests
{
    [Fact]
    public async Task Writes_id_event_and_data_lines_and_a_blank_line()
    {
        var body = new CapturingStream();
        await new SseWriter(body).WriteEventAsync(new ServerEvent(7, "progress", "a", EventTestData.T0, "{\"step\":1}"), CancellationToken.None);
        Assert.Equal("id: 7\nevent: progress\ndata: {\"step\":1}\n\n", body.Text);
    }

    [Fact]
    public async Task An_event_without_id_and_multi_line_data_stays_well_formed()
    {
        var body = new CapturingStream();
        await new SseWriter(body).WriteEventAsync(0, "reset", "a\r\nb", CancellationToken.None);
        Assert.Equal("event: reset\ndata: a\ndata: b\n\n", body.Text);
    }

    [Fact]
    public async Task Retry_and_comments()
    {
        var body = new CapturingStream();
        var writer = new SseWriter(body);
        await writer.WriteRetryAsync(3000, CancellationToken.None);
        await writer.WriteCommentAsync("keep-alive", CancellationToken.None);
        Assert.Equal("retry: 3000\n\n: keep-alive\n\n", body.Text);
    }
}
