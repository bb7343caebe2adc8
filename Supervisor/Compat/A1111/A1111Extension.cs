using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary><c>GET /sdapi/v1/extensions</c> item (none here: this server has no extension mechanism).</summary>
public sealed record A1111Extension(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("remote")] string Remote,
    [property: JsonPropertyName("branch")] string Branch,
    [property: JsonPropertyName("commit_hash")] string CommitHash,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("commit_date")] long CommitDate,
    [property: JsonPropertyName("enabled")] bool Enabled);
