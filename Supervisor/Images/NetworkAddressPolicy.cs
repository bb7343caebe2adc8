using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Images;

/// <summary>
/// Decides which resolved addresses an image import may connect to. IPv6 forms that carry an IPv4 address
/// (mapped, compatible, 6to4, Teredo, NAT64) are judged by that IPv4 address too, so <c>::ffff:127.0.0.1</c>
/// is loopback. Configured allowed networks win over every refused range.
/// </summary>
public sealed class NetworkAddressPolicy
{
    /// <summary>Where the refusal message tells operators to look.</summary>
    public const string AllowedNetworksKey = "Sds:ImageImport:AllowedNetworks";

    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork Teredo = IPNetwork.Parse("2001::/32");
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork Ipv4Compatible = IPNetwork.Parse("::/96");

    private readonly IReadOnlyList<IPNetwork> _allowed;
    private readonly bool _allowPrivate;

    public NetworkAddressPolicy(IEnumerable<IPNetwork> allowedNetworks, bool allowPrivateNetworks)
    {
        _allowed = allowedNetworks.ToArray();
        _allowPrivate = allowPrivateNetworks;
    }

    /// <summary>From options already validated at start (a bad CIDR stopped the service there).</summary>
    public static NetworkAddressPolicy FromOptions(ImageImportOptions options)
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in options.AllowedNetworkEntries())
        {
            if (!TryParseNetwork(entry, out var network, out var error)) throw new InvalidOperationException(error);
            networks.Add(network);
        }
        return new NetworkAddressPolicy(networks, options.AllowPrivateNetworks);
    }

    /// <summary>A CIDR like <c>10.1.0.0/16</c> or a single address (a /32 or /128).</summary>
    public static bool TryParseNetwork(string text, out IPNetwork network, out string? error)
    {
        error = null;
        text = text.Trim();
        if (!text.Contains('/') && IPAddress.TryParse(text, out var single))
        {
            network = new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        // IPNetwork would quietly clear host bits ("10.0.0.1/8" as 10.0.0.0/8); a typo should stop the service instead.
        var slash = text.IndexOf('/');
        if (slash > 0 && IPNetwork.TryParse(text, out network) && IPAddress.TryParse(text[..slash], out var written)
            && written.Equals(network.BaseAddress))
            return true;
        network = default;
        error = $"'{text}' is not a network in CIDR form with its host bits zero (e.g. 10.1.2.0/24, 127.0.0.2/32, fd00::/8).";
        return false;
    }

    public AddressVerdict Check(IPAddress address)
    {
        var candidates = Forms(address).ToArray();
        if (candidates.Any(c => _allowed.Any(n => n.Contains(c.Address)))) return AddressVerdict.Allow(address);

        foreach (var (form, how) in candidates)
        {
            var range = RefusedAddressRanges.Match(form);
            if (range is null || (range.Private && _allowPrivate)) continue;
            var shown = how is null ? $"{address}" : $"{address} ({how} {form})";
            return new AddressVerdict(address, false,
                $"address {shown} is in the refused range {range.Cidr} ({range.Description}); " +
                $"to allow it, add its network to {AllowedNetworksKey}" +
                (range.Private ? " or set Sds:ImageImport:AllowPrivateNetworks=true." : "."));
        }
        return AddressVerdict.Allow(address);
    }

    /// <summary>The address itself, then any IPv4 address it carries, with how it was found.</summary>
    private static IEnumerable<(IPAddress Address, string? How)> Forms(IPAddress address)
    {
        yield return (address, null);
        if (address.AddressFamily != AddressFamily.InterNetworkV6) yield break;

        var bytes = address.GetAddressBytes();
        if (address.IsIPv4MappedToIPv6)
            yield return (address.MapToIPv4(), "IPv4-mapped");
        else if (Ipv4Compatible.Contains(address) && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback))
            yield return (new IPAddress(bytes.AsSpan(12, 4)), "IPv4-compatible");
        else if (Nat64.Contains(address))
            yield return (new IPAddress(bytes.AsSpan(12, 4)), "NAT64");
        else if (SixToFour.Contains(address))
            yield return (new IPAddress(bytes.AsSpan(2, 4)), "6to4");
        else if (Teredo.Contains(address))
        {
            // Teredo carries the server in bits 32-63 and the client's public address, inverted, in the last 32.
            yield return (new IPAddress(bytes.AsSpan(4, 4)), "Teredo server");
            var client = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(12, 4)) ^ 0xFFFF_FFFF;
            var clientBytes = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(clientBytes, client);
            yield return (new IPAddress(clientBytes), "Teredo client");
        }
    }
}
