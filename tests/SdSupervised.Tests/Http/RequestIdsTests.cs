using Microsoft.Extensions.Primitives;
using SdSupervised.Supervisor.Hosting.Http;

namespace SdSupervised.Tests.Http;

public sealed class RequestIdsTests
{
    public static TheoryData<string> Acceptable => new()
    {
        "abc",
        "01a20c9d-43577a63",
        new string('x', RequestIds.MaxLength),
        "!~{}[]:/+=",
    };

    public static TheoryData<string?, string> Unacceptable => new()
    {
        { null, "missing" },
        { "", "empty" },
        { new string('x', RequestIds.MaxLength + 1), "too long" },
        { "two words", "a space" },
        { "tab\tinside", "a control character" },
        { "line\r\nX-Injected: 1", "a header injection attempt" },
        { "caf\u00e9", "non-ASCII" },
        { "\u007f", "DEL" },
    };

    [Theory]
    [MemberData(nameof(Acceptable))]
    public void Sane_incoming_ids_are_kept(string id)
    {
        Assert.True(RequestIds.IsAcceptable(id));
        Assert.Equal(id, RequestIds.Resolve(new StringValues(id)));
    }

    [Theory]
    [MemberData(nameof(Unacceptable))]
    public void Unacceptable_incoming_ids_are_replaced_by_a_generated_one(string? id, string why)
    {
        Assert.False(RequestIds.IsAcceptable(id), why);
        var resolved = RequestIds.Resolve(id is null ? StringValues.Empty : new StringValues(id));
        Assert.NotEqual(id, resolved);
        Assert.True(RequestIds.IsAcceptable(resolved), $"generated id '{resolved}' breaks the rules it enforces");
    }

    [Fact]
    public void Several_incoming_values_are_ambiguous_and_replaced()
    {
        var resolved = RequestIds.Resolve(new StringValues(["a", "b"]));
        Assert.NotEqual("a", resolved);
        Assert.NotEqual("b", resolved);
    }

    [Fact]
    public void Generated_ids_are_distinct_and_sortable_by_time()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => RequestIds.New()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(RequestIds.IsAcceptable(id)));
        // UUID v7 starts with a millisecond timestamp: a later id never sorts before an earlier one's millisecond.
        Assert.True(string.CompareOrdinal(ids[0][..12], ids[^1][..12]) <= 0);
    }
}
