using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Tests.Compat.A1111;

public sealed class A1111ModelTitlesTests
{
    [Theory]
    [InlineData("v1-5-pruned.safetensors [6ce0161689]", "v1-5-pruned.safetensors")]
    [InlineData("sub/model.ckpt [abcdef0123456789]", "sub/model.ckpt")]
    [InlineData("  alpha  ", "alpha")]
    [InlineData("model [not a hash]", "model [not a hash]")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Titles_lose_their_hash_before_the_lookup(string? title, string? reference) =>
        Assert.Equal(reference, A1111ModelTitles.Strip(title));

    [Theory]
    [InlineData("alpha.safetensors [0123456789]", "0123456789")]
    [InlineData("alpha.safetensors", null)]
    public void The_hash_is_read_from_a_title(string title, string? hash) => Assert.Equal(hash, A1111ModelTitles.HashOf(title));
}
