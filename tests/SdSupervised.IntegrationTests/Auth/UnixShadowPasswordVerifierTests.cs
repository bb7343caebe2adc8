using SdSupervised.Supervisor.Auth.System;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Auth;

public sealed class UnixShadowPasswordVerifierTests(SystemAccounts accounts, ITestOutputHelper output)
    : SystemPasswordVerifierTests(accounts, output)
{
    protected override ISystemPasswordVerifier CreateVerifier(string group) => new UnixShadowPasswordVerifier(group);

    [SystemAuthFact]
    public async Task Details_tell_the_audit_log_what_was_wrong()
    {
        Assert.Equal("unknown user", (await VerifyAsync(Accounts.UnknownUser, Accounts.Password)).Detail);
        Assert.Equal("wrong password", (await VerifyAsync(Accounts.Member, Accounts.Password + "x")).Detail);
        Assert.Equal("account locked", (await VerifyAsync(Accounts.Locked, Accounts.Password)).Detail);
        Assert.Equal("account expired", (await VerifyAsync(Accounts.Expired, Accounts.Password)).Detail);
        Assert.Equal("password must be changed", (await VerifyAsync(Accounts.MustChange, Accounts.Password)).Detail);
    }
}
