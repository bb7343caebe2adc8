using SdSupervised.Supervisor.Auth.System;

namespace SdSupervised.Tests.Auth;

public sealed class SystemUserNameTests
{
    [Theory]
    [InlineData("alice")]
    [InlineData("svc-build_01")]
    [InlineData("alice@EXAMPLE.COM")] // SSSD and Kerberos names
    [InlineData("DOMAIN\\bob")]
    [InlineData("josé")]
    public void Account_names_pass(string name) => Assert.True(SystemUserName.IsValid(name));

    [Theory]
    [InlineData("")]
    [InlineData("-f")]
    [InlineData("root:x")]
    [InlineData("../etc/shadow")]
    [InlineData("a\0b")]
    [InlineData("a\nb")]
    public void Names_no_account_can_have_are_refused(string name) => Assert.False(SystemUserName.IsValid(name));

    [Fact]
    public void Very_long_names_are_refused() => Assert.False(SystemUserName.IsValid(new string('a', 257)));
}
