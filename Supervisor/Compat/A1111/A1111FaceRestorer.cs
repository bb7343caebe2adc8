using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary><c>GET /sdapi/v1/face-restorers</c> item (none here: stable-diffusion.cpp has no face restorer).</summary>
public sealed record A1111FaceRestorer(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("cmd_dir")] string? CmdDir);
