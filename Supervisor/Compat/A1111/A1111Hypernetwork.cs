using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary><c>GET /sdapi/v1/hypernetworks</c> item (none here: stable-diffusion.cpp does not run hypernetworks).</summary>
public sealed record A1111Hypernetwork(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("path")] string? Path);
