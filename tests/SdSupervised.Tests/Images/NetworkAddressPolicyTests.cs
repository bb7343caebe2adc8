using System.Net;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Images;

namespace SdSupervised.Tests.Images;

public sealed class NetworkAddressPolicyTests
{
    private static readonly NetworkAddressPolicy Default = new([], allowPrivateNetworks: false);

    /// <summary>Address, the refused range it must be reported in.</summary>
    public static TheoryData<string, string> Refused => new()
    {
        { "127.0.0.1", "127.0.0.0/8" },
        { "127.255.255.254", "127.0.0.0/8" },
        { "::1", "::1/128" },
        { "0.0.0.0", "0.0.0.0/8" },
        { "0.1.2.3", "0.0.0.0/8" },
        { "::", "::/128" },
        { "10.0.0.1", "10.0.0.0/8" },
        { "10.255.255.255", "10.0.0.0/8" },
        { "172.16.0.1", "172.16.0.0/12" },
        { "172.31.255.255", "172.16.0.0/12" },
        { "192.168.1.1", "192.168.0.0/16" },
        { "fc00::1", "fc00::/7" },
        { "fd12:3456::1", "fc00::/7" },
        { "169.254.169.254", "169.254.0.0/16" },
        { "169.254.0.1", "169.254.0.0/16" },
        { "fe80::1", "fe80::/10" },
        { "100.64.0.1", "100.64.0.0/10" },
        { "100.127.255.255", "100.64.0.0/10" },
        { "224.0.0.1", "224.0.0.0/4" },
        { "239.255.255.250", "224.0.0.0/4" },
        { "ff02::1", "ff00::/8" },
        { "255.255.255.255", "255.255.255.255/32" },
        { "240.0.0.1", "240.0.0.0/4" },
        // IPv6 forms that carry an IPv4 address are judged by it
        { "::ffff:127.0.0.1", "127.0.0.0/8" },
        { "::ffff:169.254.169.254", "169.254.0.0/16" },
        { "::ffff:10.1.2.3", "10.0.0.0/8" },
        { "::127.0.0.1", "127.0.0.0/8" },                  // IPv4-compatible (deprecated)
        { "::10.0.0.1", "10.0.0.0/8" },
        { "64:ff9b::7f00:1", "127.0.0.0/8" },              // NAT64 of 127.0.0.1
        { "64:ff9b::a9fe:a9fe", "169.254.0.0/16" },        // NAT64 of 169.254.169.254
        { "2002:7f00:1::", "127.0.0.0/8" },                // 6to4 of 127.0.0.1
        { "2002:c0a8:101::1", "192.168.0.0/16" },          // 6to4 of 192.168.1.1
        { "2001:0:7f00:1::", "127.0.0.0/8" },              // Teredo, server 127.0.0.1
        { "2001:0:808:808::80ff:fffe", "127.0.0.0/8" },    // Teredo, client 127.0.0.1 (inverted)
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refused_ranges_are_named_with_how_to_allow_them(string address, string range)
    {
        var verdict = Default.Check(IPAddress.Parse(address));
        Assert.False(verdict.Allowed, $"{address} was allowed");
        Assert.Contains(range, verdict.Reason);
        Assert.Contains(NetworkAddressPolicy.AllowedNetworksKey, verdict.Reason);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]        // just past 172.16/12
    [InlineData("100.128.0.1")]       // just past 100.64/10
    [InlineData("11.0.0.1")]
    [InlineData("169.253.255.255")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]  // NAT64 of 8.8.8.8
    [InlineData("2002:808:808::1")]   // 6to4 of 8.8.8.8
    public void Public_addresses_are_allowed(string address) =>
        Assert.True(Default.Check(IPAddress.Parse(address)).Allowed, $"{address} was refused: {Default.Check(IPAddress.Parse(address)).Reason}");

    [Fact]
    public void Allowed_networks_open_exactly_their_addresses_in_every_form()
    {
        var policy = PolicyFor(new ImageImportOptions { AllowedNetworks = ["127.0.0.2/32", "10.1.0.0/16, fd00::/8"] });

        Assert.True(policy.Check(IPAddress.Parse("127.0.0.2")).Allowed);
        Assert.True(policy.Check(IPAddress.Parse("::ffff:127.0.0.2")).Allowed);
        Assert.True(policy.Check(IPAddress.Parse("10.1.200.3")).Allowed);
        Assert.True(policy.Check(IPAddress.Parse("fd00::5")).Allowed);
        Assert.False(policy.Check(IPAddress.Parse("127.0.0.1")).Allowed);
        Assert.False(policy.Check(IPAddress.Parse("10.2.0.1")).Allowed);
        Assert.False(policy.Check(IPAddress.Parse("fc00::5")).Allowed);
    }

    [Fact]
    public void AllowPrivateNetworks_opens_private_ranges_but_not_unspecified_multicast_or_broadcast()
    {
        var policy = PolicyFor(new ImageImportOptions { AllowPrivateNetworks = true });

        foreach (var open in new[] { "127.0.0.1", "::1", "10.0.0.1", "192.168.1.1", "169.254.169.254", "fe80::1", "100.64.0.1", "fd00::1" })
            Assert.True(policy.Check(IPAddress.Parse(open)).Allowed, open);
        foreach (var closed in new[] { "0.0.0.0", "::", "224.0.0.1", "255.255.255.255", "ff02::1" })
            Assert.False(policy.Check(IPAddress.Parse(closed)).Allowed, closed);
        Assert.True(PolicyFor(new ImageImportOptions { AllowedNetworks = ["0.0.0.0/32"] }).Check(IPAddress.Any).Allowed);
    }

    [Theory]
    [InlineData("10.0.0.0/8", true)]
    [InlineData("127.0.0.2", true)]
    [InlineData("::1", true)]
    [InlineData("fd00::/8", true)]
    [InlineData("10.0.0.1/8", false)]   // host bits set: probably a typo
    [InlineData("10.0.0.0/33", false)]
    [InlineData("localhost", false)]
    [InlineData("", false)]
    public void Network_entries_parse_as_cidrs_or_single_addresses(string text, bool valid)
    {
        Assert.Equal(valid, NetworkAddressPolicy.TryParseNetwork(text, out _, out var error));
        Assert.Equal(valid, error is null);
    }

    [Fact]
    public void A_bad_network_in_the_options_fails_validation_naming_the_entry()
    {
        var options = new SupervisorOptions();
        options.ImageImport.AllowedNetworks = ["10.0.0.0/8", "10.0.0.1/8"];
        var result = new SupervisorOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains("10.0.0.1/8", result.FailureMessage);
        Assert.Contains("AllowedNetworks", result.FailureMessage);
    }

    [Fact]
    public async Task The_connector_refuses_a_name_when_any_of_its_addresses_is_refused()
    {
        var connector = new GuardedConnector(Default, (host, _) => Task.FromResult(host == "mixed.example"
            ? new[] { IPAddress.Parse("93.184.216.34"), IPAddress.Parse("10.0.0.5") }
            : new[] { IPAddress.Parse("93.184.216.34") }));

        var refused = await Assert.ThrowsAsync<ImageImportRefusedException>(() => connector.ResolveAsync("mixed.example", CancellationToken.None));
        Assert.Equal(ImageInputErrors.UrlNotAllowed, refused.Error.Code);
        Assert.Contains("'mixed.example' resolves to", refused.Error.Message);
        Assert.Contains("10.0.0.5", refused.Error.Message);

        Assert.Single(await connector.ResolveAsync("public.example", CancellationToken.None));
        var literal = await Assert.ThrowsAsync<ImageImportRefusedException>(() => connector.ResolveAsync("[::1]", CancellationToken.None));
        Assert.Contains("::1", literal.Error.Message);
    }

    [Fact]
    public async Task The_connector_reports_a_dns_failure_as_a_failed_download()
    {
        var connector = new GuardedConnector(Default, (_, _) => throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound));
        var refused = await Assert.ThrowsAsync<ImageImportRefusedException>(() => connector.ResolveAsync("nowhere.invalid", CancellationToken.None));
        Assert.Equal(ImageInputErrors.DownloadFailed, refused.Error.Code);
        Assert.Equal(422, refused.Error.Status);
        Assert.Contains("DNS", refused.Error.Message);
    }

    private static NetworkAddressPolicy PolicyFor(ImageImportOptions options) => NetworkAddressPolicy.FromOptions(options);
}
