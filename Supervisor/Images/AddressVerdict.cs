using System.Net;

namespace SdSupervised.Supervisor.Images;

/// <summary>Whether an import may connect to an address; when refused, a sentence naming the address and its range.</summary>
public sealed record AddressVerdict(IPAddress Address, bool Allowed, string? Reason)
{
    public static AddressVerdict Allow(IPAddress address) => new(address, true, null);
}
