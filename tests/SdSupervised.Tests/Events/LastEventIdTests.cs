using Microsoft.AspNetCore.Http;
using SdSupervised.Supervisor.Api.Events;

namespace SdSupervised.Tests.Events;

public sealed class LastEventIdTests
{
    private static HttpRequest Request(string? header, string? query)
    {
        var context = new DefaultHttpContext();
        if (header is not null) context.Request.Headers[LastEventId.Header] = header;
        if (query is not null) context.Request.QueryString = new QueryString($"?last_event_id={Uri.EscapeDataString(query)}");
        return context.Request;
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("42", null, 42L)]
    [InlineData(" 42 ", null, 42L)]
    [InlineData(null, "0", 0L)]
    [InlineData("", "17", 17L)]
    [InlineData("5", "17", 5L)]
    public void Reads_the_header_first_then_the_query(string? header, string? query, long? expected)
    {
        Assert.True(LastEventId.TryRead(Request(header, query), out var id, out var error));
        Assert.Equal(expected, id);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("abc", null)]
    [InlineData("-1", null)]
    [InlineData(null, "1.5")]
    [InlineData("99999999999999999999", null)]
    public void Rejects_what_is_not_a_non_negative_integer(string? header, string? query)
    {
        Assert.False(LastEventId.TryRead(Request(header, query), out _, out var error));
        Assert.Contains("non-negative integer", error);
    }
}
