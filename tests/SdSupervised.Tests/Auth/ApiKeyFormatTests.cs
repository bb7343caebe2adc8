using SdSupervised.Supervisor.Auth.Keys;

namespace SdSupervised.Tests.Auth;

public sealed class ApiKeyFormatTests
{
    [Fact]
    public void A_new_key_carries_its_id_and_matches_only_its_own_hash()
    {
        var (id, key) = ApiKeyFormat.New();
        var (_, other) = ApiKeyFormat.New();

        Assert.Equal(id, ApiKeyFormat.IdOf(key));
        Assert.True(ApiKeyFormat.Matches(key, ApiKeyFormat.Hash(key)));
        Assert.False(ApiKeyFormat.Matches(other, ApiKeyFormat.Hash(key)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sds_")]
    [InlineData("sds_short_x")]
    [InlineData("sds_ABCDEF012345_secret")]
    [InlineData("sds_0123456789ab-secret")]
    [InlineData("sk-0123456789ab_secret")]
    public void A_malformed_key_has_no_id(string key) => Assert.Null(ApiKeyFormat.IdOf(key));
}
