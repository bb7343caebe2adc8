using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary><c>GET /sdapi/v1/realesrgan-models</c> item: an ESRGAN model of the catalog.</summary>
public sealed record A1111RealesrganModel(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("path")] string? Path,
    [property: JsonPropertyName("scale")] int? Scale);
