using System.Net;

namespace SdSupervised.Supervisor.Images;

/// <summary>
/// Address ranges an image import must not reach by default. <see cref="RefusedRange.Private"/> ranges are the
/// ones <c>AllowPrivateNetworks</c> opens; the others (unspecified, multicast, broadcast, reserved) never hold
/// an image server, and 0.0.0.0 even reaches localhost on Linux, so only an explicit allowed network opens them.
/// </summary>
public static class RefusedAddressRanges
{
    public static IReadOnlyList<RefusedRange> All { get; } =
    [
        new("0.0.0.0/8", "unspecified (\"this network\")", Private: false),
        new("10.0.0.0/8", "private", Private: true),
        new("100.64.0.0/10", "carrier-grade NAT (shared)", Private: true),
        new("127.0.0.0/8", "loopback", Private: true),
        new("169.254.0.0/16", "link-local; cloud metadata lives at 169.254.169.254", Private: true),
        new("172.16.0.0/12", "private", Private: true),
        new("192.0.0.0/24", "IETF protocol assignments", Private: true),
        new("192.168.0.0/16", "private", Private: true),
        new("198.18.0.0/15", "benchmarking", Private: true),
        new("224.0.0.0/4", "multicast", Private: false),
        new("255.255.255.255/32", "broadcast", Private: false),
        new("240.0.0.0/4", "reserved", Private: false),
        new("::/128", "unspecified", Private: false),
        new("::1/128", "loopback", Private: true),
        new("64:ff9b:1::/48", "local-use NAT64", Private: true),
        new("fc00::/7", "unique local (private)", Private: true),
        new("fe80::/10", "link-local", Private: true),
        new("fec0::/10", "site-local (deprecated, private)", Private: true),
        new("ff00::/8", "multicast", Private: false),
    ];

    /// <summary>The first refused range holding <paramref name="address"/> as given (no unwrapping), or null.</summary>
    public static RefusedRange? Match(IPAddress address)
    {
        foreach (var range in All)
            if (range.Network.Contains(address)) return range;
        return null;
    }
}

/// <summary>One refused range: its CIDR, what it is, and whether <c>AllowPrivateNetworks</c> opens it.</summary>
public sealed record RefusedRange(string Cidr, string Description, bool Private)
{
    public IPNetwork Network { get; } = IPNetwork.Parse(Cidr);
}
