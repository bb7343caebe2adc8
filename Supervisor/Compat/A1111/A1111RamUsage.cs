using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>The supervisor machine's memory in bytes, as <c>GET /sdapi/v1/memory</c> reports <c>ram</c>.</summary>
public sealed record A1111RamUsage(
    [property: JsonPropertyName("free")] long Free,
    [property: JsonPropertyName("used")] long Used,
    [property: JsonPropertyName("total")] long Total);
