using SdSupervised.Supervisor.Auth.System;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Auth;

public sealed class PamPasswordVerifierTests(SystemAccounts accounts, ITestOutputHelper output)
    : SystemPasswordVerifierTests(accounts, output)
{
    protected override ISystemPasswordVerifier CreateVerifier(string group) => new PamPasswordVerifier(Accounts.PamService, group);

    [SystemAuthFact]
    public async Task Without_a_group_every_account_the_service_accepts_is_in()
    {
        var result = await new PamPasswordVerifier(Accounts.PamService, group: null).VerifyAsync(Accounts.Outsider, Accounts.Password, CancellationToken.None);
        Assert.True(result.Succeeded, result.Detail);
    }

    [SystemAuthFact(needsDebianPam: true)]
    public async Task Shipped_pam_service_checks_local_accounts()
    {
        var verifier = new PamPasswordVerifier(Accounts.ShippedPamService, Accounts.Group);
        Assert.Null(verifier.Unavailable);

        var ok = await verifier.VerifyAsync(Accounts.Member, Accounts.Password, CancellationToken.None);
        Assert.True(ok.Succeeded, ok.Detail);
        AssertRefused(await verifier.VerifyAsync(Accounts.Member, Accounts.Password + "x", CancellationToken.None));
        AssertRefused(await verifier.VerifyAsync(Accounts.Expired, Accounts.Password, CancellationToken.None));
    }

    [SystemAuthFact]
    public async Task Pam_module_that_hangs_fails_the_login_at_the_timeout()
    {
        // The module sleeps 10 s; the verifier stops waiting after 1 s and leaves the transaction to finish on its own thread.
        var verifier = new PamPasswordVerifier(Accounts.HangingPamService, group: null, timeout: TimeSpan.FromSeconds(1));

        var result = await verifier.VerifyAsync(Accounts.Member, Accounts.Password, CancellationToken.None);
        AssertRefused(result);
        Assert.Contains("did not answer within", result.Detail, StringComparison.Ordinal);
    }

    [SystemAuthFact(needsRoot: false)]
    public async Task Missing_pam_service_is_unavailable_and_names_its_file()
    {
        var service = $"sds-missing-{Guid.NewGuid():N}"[..24];
        var verifier = new PamPasswordVerifier(service, group: null);

        Assert.Contains($"/etc/pam.d/{service}", verifier.Unavailable, StringComparison.Ordinal);
        // Never the fallback to PAM's 'other' service: the check itself refuses.
        var result = await verifier.VerifyAsync("root", "whatever", CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.Equal(verifier.Unavailable, result.Detail);
    }
}
