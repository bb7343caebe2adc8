using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>
/// The <c>/sdapi</c> error body: the server's <c>{status, error, message, errors?}</c> plus FastAPI's <c>detail</c>
/// (the same text as <c>message</c>), which is what A1111 clients print.
/// </summary>
public sealed record A1111ErrorBody(
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("errors"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors = null);
