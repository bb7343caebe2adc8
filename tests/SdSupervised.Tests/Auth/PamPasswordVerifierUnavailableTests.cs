using SdSupervised.Supervisor.Auth.System;

namespace SdSupervised.Tests.Auth;

public sealed class PamPasswordVerifierUnavailableTests
{
    [Theory]
    [InlineData("../shadow")]
    [InlineData("/etc/pam.d/login")]
    [InlineData("..")]
    public void Service_names_that_are_not_file_names_are_refused(string service)
    {
        var verifier = new PamPasswordVerifier(service, group: null);

        Assert.Contains("not a plain file name", verifier.Unavailable, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unavailable_verifier_fails_every_login_with_the_reason()
    {
        var verifier = new PamPasswordVerifier("../shadow", group: null);

        var result = await verifier.VerifyAsync("root", "secret", CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(verifier.Unavailable, result.Detail);
    }
}
