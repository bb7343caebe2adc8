using SdSupervised.Supervisor.Auth.Tokens;

namespace SdSupervised.Tests.Auth;

public sealed class TokenServiceTests
{
    [Fact]
    public async Task Each_refresh_token_works_once_and_a_replay_ends_the_whole_session()
    {
        using var host = new AuthTestHost();
        var first = await host.Tokens.IssueAsync("ann", "user", "jwt", CancellationToken.None);

        var second = await host.Tokens.RefreshAsync(first.RefreshToken, CancellationToken.None);
        Assert.NotNull(second.Pair);
        Assert.NotEqual(first.RefreshToken, second.Pair!.RefreshToken);
        Assert.Equal(first.Principal.SessionId, second.Pair.Principal.SessionId);

        var replay = await host.Tokens.RefreshAsync(first.RefreshToken, CancellationToken.None);
        Assert.Null(replay.Pair);
        Assert.Contains("already used", replay.Refusal);
        Assert.False(await host.Tokens.IsSessionOpenAsync(first.Principal.SessionId!, CancellationToken.None));
        Assert.Null((await host.Tokens.RefreshAsync(second.Pair.RefreshToken, CancellationToken.None)).Pair);
    }

    [Fact]
    public async Task A_refresh_token_past_its_lifetime_is_refused()
    {
        using var host = new AuthTestHost();
        var pair = await host.Tokens.IssueAsync("ann", "user", "jwt", CancellationToken.None);

        host.Clock.Advance(TimeSpan.FromDays(host.Options.Value.Auth.RefreshTokenDays + 1));

        var (next, refusal) = await host.Tokens.RefreshAsync(pair.RefreshToken, CancellationToken.None);
        Assert.Null(next);
        Assert.Contains("expired", refusal);
    }

    [Fact]
    public void The_generated_signing_key_is_readable_by_its_owner_only_and_kept_across_starts()
    {
        using var host = new AuthTestHost();
        var path = Path.Combine(host.DataDir, SigningKeyMaterial.FileName);

        var first = SigningKeyMaterial.LoadOrCreate(host.DataDir);
        var second = SigningKeyMaterial.LoadOrCreate(host.DataDir);

        Assert.Equal(first, second);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }
}
