using SdSupervised.Supervisor.Auth;

namespace SdSupervised.Tests.Auth;

/// <summary>
/// <c>--auth unix|pam</c> after the operating system answers: the same token sessions as jwt, the role from the groups,
/// one generic refusal. The verifier is a fake here; the real shadow and PAM checks have their own tests.
/// </summary>
public sealed class SystemLoginFlowTests
{
    private static FakeSystemVerifier Accounts(string method, string? unavailable = null) => new(method, new()
    {
        ["ann"] = ("ann-pass", ["sd-users"]),
        ["boss"] = ("boss-pass", ["sd-users", "sd-admins"]),
    }, unavailable);

    [Theory]
    [InlineData("unix")]
    [InlineData("pam")]
    public async Task A_system_account_gets_a_token_session_with_the_role_its_groups_give(string method)
    {
        using var host = new AuthTestHost(method, Accounts(method));

        var ann = await host.Logins.LoginAsync("ann", "ann-pass", "127.0.0.1", CancellationToken.None);
        var boss = await host.Logins.LoginAsync("boss", "boss-pass", "127.0.0.1", CancellationToken.None);

        Assert.True(ann.Succeeded);
        Assert.Equal((Roles.User, method), (ann.Tokens!.Principal.Role, ann.Tokens.Principal.Method));
        Assert.Equal(Roles.Admin, boss.Tokens!.Principal.Role);
        Assert.True(await host.Tokens.IsSessionOpenAsync(ann.Tokens.Principal.SessionId!, CancellationToken.None));
        var refreshed = await host.Tokens.RefreshAsync(ann.Tokens.RefreshToken, CancellationToken.None);
        Assert.NotNull(refreshed.Pair);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_account_are_the_same_refusal()
    {
        using var host = new AuthTestHost("pam", Accounts("pam"));

        var wrong = await host.Logins.LoginAsync("ann", "nope", "127.0.0.1", CancellationToken.None);
        var unknown = await host.Logins.LoginAsync("zed", "nope", "127.0.0.1", CancellationToken.None);

        Assert.Equal(wrong, unknown);
        Assert.False(wrong.Succeeded);
        Assert.Null(wrong.RetryAfter);
    }

    [Fact]
    public async Task A_verifier_that_cannot_work_here_refuses_every_login_without_asking_it()
    {
        var verifier = Accounts("unix", unavailable: "cannot read /etc/shadow");
        using var host = new AuthTestHost("unix", verifier);

        var outcome = await host.Logins.LoginAsync("ann", "ann-pass", "127.0.0.1", CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.NotNull(outcome.Unavailable);
        Assert.Empty(verifier.Asked);
    }

    [Fact]
    public async Task A_system_name_is_locked_out_after_the_configured_failures_and_let_in_after_the_lockout()
    {
        var verifier = Accounts("pam");
        using var host = new AuthTestHost("pam", verifier);
        for (var i = 0; i < 3; i++)
            await host.Logins.LoginAsync("ann", "nope", "127.0.0.1", CancellationToken.None);

        var locked = await host.Logins.LoginAsync("ann", "ann-pass", "127.0.0.1", CancellationToken.None);
        Assert.False(locked.Succeeded);
        Assert.True(locked.RetryAfter > TimeSpan.Zero);
        Assert.Equal(3, verifier.Asked.Count); // a locked name never reaches the system

        host.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.True((await host.Logins.LoginAsync("ann", "ann-pass", "127.0.0.1", CancellationToken.None)).Succeeded);
    }
}
