using SdSupervised.Supervisor.Auth.System;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Auth;

/// <summary>
/// What both system methods must do with real accounts; <see cref="UnixShadowPasswordVerifierTests"/> and
/// <see cref="PamPasswordVerifierTests"/> run every case against their verifier.
/// </summary>
[Collection(SystemAccountsCollection.Name)]
public abstract class SystemPasswordVerifierTests(SystemAccounts accounts, ITestOutputHelper output)
{
    protected SystemAccounts Accounts => accounts;

    protected abstract ISystemPasswordVerifier CreateVerifier(string group);

    [SystemAuthFact]
    public void Verifier_is_available_on_this_system()
    {
        Assert.Null(CreateVerifier(accounts.Group).Unavailable);
    }

    [SystemAuthFact]
    public async Task Right_password_is_accepted_with_the_users_groups()
    {
        Assert.Equal("$y$", accounts.StoredHashPrefix(accounts.Member));
        var result = await VerifyAsync(accounts.Member, accounts.Password);
        Assert.True(result.Succeeded, result.Detail);
        Assert.Null(result.Detail);
        Assert.Contains(accounts.Group, result.Groups);
    }

    [SystemAuthFact]
    public async Task Sha512_hash_is_accepted_like_yescrypt()
    {
        Assert.Equal("$6$", accounts.StoredHashPrefix(accounts.Sha512Member));
        var result = await VerifyAsync(accounts.Sha512Member, accounts.Password);
        Assert.True(result.Succeeded, result.Detail);
    }

    [SystemAuthFact]
    public async Task Primary_group_counts_as_membership()
    {
        var result = await VerifyAsync(accounts.PrimaryMember, accounts.Password);
        Assert.True(result.Succeeded, result.Detail);
        Assert.Contains(accounts.Group, result.Groups);
    }

    [SystemAuthFact]
    public async Task Wrong_password_is_refused()
    {
        AssertRefused(await VerifyAsync(accounts.Member, accounts.Password + "x"));
        AssertRefused(await VerifyAsync(accounts.Member, accounts.Password.ToUpperInvariant()));
    }

    [SystemAuthFact]
    public async Task Empty_password_is_refused()
    {
        AssertRefused(await VerifyAsync(accounts.Member, ""));
    }

    [SystemAuthFact]
    public async Task Unknown_user_is_refused()
    {
        AssertRefused(await VerifyAsync(accounts.UnknownUser, accounts.Password));
    }

    [SystemAuthFact]
    public async Task User_outside_the_group_is_refused_with_the_right_password()
    {
        var result = await VerifyAsync(accounts.Outsider, accounts.Password);
        AssertRefused(result);
        Assert.Contains($"not in group {accounts.Group}", result.Detail, StringComparison.Ordinal);
    }

    [SystemAuthFact]
    public async Task Locked_account_is_refused_with_the_right_password()
    {
        Assert.StartsWith("!", accounts.StoredHashPrefix(accounts.Locked), StringComparison.Ordinal);
        AssertRefused(await VerifyAsync(accounts.Locked, accounts.Password));
    }

    [SystemAuthFact]
    public async Task Expired_account_is_refused_with_the_right_password()
    {
        var result = await VerifyAsync(accounts.Expired, accounts.Password);
        AssertRefused(result);
        Assert.Contains("expired", result.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [SystemAuthFact]
    public async Task Password_marked_for_change_is_refused_with_the_right_password()
    {
        AssertRefused(await VerifyAsync(accounts.MustChange, accounts.Password));
    }

    [SystemAuthFact]
    public async Task Concurrent_checks_each_get_their_own_answer()
    {
        // One verifier, as the server holds it; right and wrong passwords of several accounts at once.
        var verifier = CreateVerifier(accounts.Group);
        var cases = new[] { accounts.Member, accounts.Sha512Member, accounts.PrimaryMember }
            .SelectMany(user => new[] { (User: user, Password: accounts.Password, Right: true), (User: user, Password: accounts.Password + "!", Right: false) })
            .ToArray();

        var results = await Task.WhenAll(cases.Select(c => verifier.VerifyAsync(c.User, c.Password, CancellationToken.None)));

        foreach (var (c, result) in cases.Zip(results))
            Assert.True(c.Right == result.Succeeded, $"{c.User} with the {(c.Right ? "right" : "wrong")} password: {result.Detail}");
    }

    [SystemAuthFact]
    public async Task Names_that_cannot_be_accounts_are_refused_without_a_look_up()
    {
        foreach (var name in new[] { "", "-root", "root:x", "../etc", "a\0b", new string('a', 300) })
            AssertRefused(await VerifyAsync(name, accounts.Password));
    }

    protected async Task<SystemLoginResult> VerifyAsync(string user, string password)
    {
        var result = await CreateVerifier(accounts.Group).VerifyAsync(user, password, CancellationToken.None);
        output.WriteLine($"{user}: {(result.Succeeded ? "ok" : "failed")} {result.Detail} [{string.Join(", ", result.Groups)}]");
        return result;
    }

    protected static void AssertRefused(SystemLoginResult result)
    {
        Assert.False(result.Succeeded);
        // The audit log needs to say why; the client never sees it.
        Assert.False(string.IsNullOrWhiteSpace(result.Detail));
        Assert.Empty(result.Groups);
    }
}
