using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>
/// <c>GET /sdapi/v1/memory</c>. The GPUs belong to the workers, not to this process, so <c>cuda</c> is A1111's
/// <c>{"error": …}</c> form pointing at where per-device memory is reported.
/// </summary>
public sealed record A1111Memory(
    [property: JsonPropertyName("ram")] A1111RamUsage Ram,
    [property: JsonPropertyName("cuda")] IReadOnlyDictionary<string, string> Cuda);
