using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary><c>GET /sdapi/v1/script-info</c> item; <c>args</c> are the script's UI controls.</summary>
public sealed record A1111ScriptInfo(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("is_alwayson")] bool IsAlwaysOn,
    [property: JsonPropertyName("is_img2img")] bool IsImg2Img,
    [property: JsonPropertyName("args")] IReadOnlyList<IReadOnlyDictionary<string, object?>> Args);
