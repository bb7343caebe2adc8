using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary><c>GET /sdapi/v1/scripts</c>: the script names each tab offers (none here: there is no script runtime).</summary>
public sealed record A1111ScriptsList(
    [property: JsonPropertyName("txt2img")] IReadOnlyList<string> Txt2Img,
    [property: JsonPropertyName("img2img")] IReadOnlyList<string> Img2Img);
