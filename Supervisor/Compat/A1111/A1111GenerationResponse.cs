using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>A1111's txt2img/img2img answer: base64 PNGs, the request as received, and <c>info</c> as a JSON string.</summary>
public sealed record A1111GenerationResponse(
    [property: JsonPropertyName("images")] IReadOnlyList<string> Images,
    [property: JsonPropertyName("parameters")] JsonObject Parameters,
    [property: JsonPropertyName("info")] string Info)
{
    /// <summary>Body fields this server does not read (A1111's own extras, a typo); absent when none. A1111 clients skip unknown keys.</summary>
    [JsonPropertyName("ignored_fields"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? IgnoredFields { get; init; }
}

/// <summary>The answer, or why there is none.</summary>
public sealed record A1111Result<T>(T? Response, A1111Failure? Failure)
{
    public static A1111Result<T> Ok(T response) => new(response, null);
    public static A1111Result<T> Fail(A1111Failure failure) => new(default, failure);
}
